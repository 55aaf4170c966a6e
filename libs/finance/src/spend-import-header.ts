import { createHash } from 'node:crypto';
import { normaliseText } from './fingerprint';

/** A file's shape: its header names, normalised and sorted, so column order and spacing do not matter. */
export const headerSignature = (header: string[]): string =>
  createHash('sha256').update(header.map(normaliseText).filter(Boolean).sort().join('\u001f')).digest('hex');
