import { RecordHistory } from '@app/engagement';
import { dateLabel } from './board-format';
import { dateParts, FormBody, FormErrors, readDate, readNumber, readWhole, text } from './form-fields';

/** The three engagement records the board corrects, as they appear in paths and words. */
export type RecordKind = 'engagements' | 'buy-in-readings' | 'training-records';
export const RECORD_KINDS: readonly RecordKind[] = ['engagements', 'buy-in-readings', 'training-records'];

interface Field {
  name: string;
  label: string;
  kind: 'whole' | 'share' | 'date' | 'text';
  hint?: string;
  /** Optional text may be cleared; the rest must be given. */
  optional?: boolean;
}

export interface RecordSpec {
  noun: string;
  fields: Field[];
  /** One line naming the record, for headings and the history. */
  describe(record: Record<string, unknown>, groupName: string): string;
}

const LONG_TEXT = 10_000;

export const RECORD_SPECS: Record<RecordKind, RecordSpec> = {
  engagements: {
    noun: 'engagement',
    fields: [
      { name: 'participants', label: 'How many people took part?', kind: 'whole' },
      { name: 'findings', label: 'What did you hear?', kind: 'text' },
      { name: 'actionsTaken', label: 'What was done about it?', kind: 'text', optional: true, hint: 'Once recorded it can be corrected but not removed: the feedback loop stays closed' },
    ],
    describe: (r, group) => `${String(r.kind).replace(/_/g, ' ')} with ${group}, ${dateLabel(r.occurredOn as string)}`,
  },
  'buy-in-readings': {
    noun: 'buy-in reading',
    fields: [
      { name: 'surveyedOn', label: 'When was the survey?', kind: 'date' },
      { name: 'respondents', label: 'How many people answered?', kind: 'whole' },
      { name: 'supportivePct', label: 'Supportive (%)', kind: 'share', hint: 'The three shares add up to 100' },
      { name: 'neutralPct', label: 'Neutral (%)', kind: 'share' },
      { name: 'opposedPct', label: 'Opposed (%)', kind: 'share' },
      { name: 'themes', label: 'Themes from the answers (optional)', kind: 'text', optional: true },
    ],
    describe: (r, group) => `${group}, surveyed ${dateLabel(r.surveyedOn as string)}`,
  },
  'training-records': {
    noun: 'training record',
    fields: [
      { name: 'recordedOn', label: 'On what date were they counted?', kind: 'date' },
      { name: 'staffInScope', label: 'How many staff need training?', kind: 'whole' },
      { name: 'staffTrained', label: 'How many have been trained?', kind: 'whole' },
      { name: 'course', label: 'Course (optional)', kind: 'text', optional: true },
    ],
    describe: (r, group) => `${group}, counted ${dateLabel(r.recordedOn as string)}`,
  },
};

/** What the form shows: text as typed, dates as their three parts. */
export type RecordForm = Record<string, unknown> & { action: string; reason: string; version: string };

/** The form filled with the record as it stands (what a correction starts from). */
export function formFromRecord(spec: RecordSpec, record: Record<string, unknown>): RecordForm {
  const form: RecordForm = { action: '', reason: '', version: String(record.version) };
  for (const f of spec.fields) form[f.name] = f.kind === 'date' ? dateParts(record[f.name] as string) : record[f.name] === null || record[f.name] === undefined ? '' : String(record[f.name]);
  return form;
}

/** Reads a posted correction: the changed values for the service, and the form as typed for showing again. */
export function readCorrection(spec: RecordSpec, body: FormBody, current: Record<string, unknown> | null, errors: FormErrors): { form: RecordForm; patch: Record<string, unknown> } {
  const form: RecordForm = { action: text(body, 'action'), reason: text(body, 'reason'), version: text(body, 'version') };
  if (form.action !== 'correct' && form.action !== 'withdraw') errors.add('action', `Select whether to correct the ${spec.noun} or withdraw it`);
  const patch: Record<string, unknown> = {};
  for (const f of spec.fields) {
    if (f.kind === 'date') {
      form[f.name] = { day: text(body, `${f.name}-day`), month: text(body, `${f.name}-month`), year: text(body, `${f.name}-year`) };
      if (form.action !== 'correct') continue;
      const iso = readDate(body, f.name, `the date (${f.label.replace(/\?$/, '').toLowerCase()})`, errors, { notFuture: true });
      if (iso) patch[f.name] = iso;
      continue;
    }
    const raw = text(body, f.name);
    form[f.name] = raw;
    if (form.action !== 'correct') continue;
    const label = f.label.replace(/\?$/, '').replace(/ \(optional\)$/, '');
    if (f.kind === 'text') {
      if (!raw && !f.optional) errors.add(f.name, `Enter ${label.toLowerCase()}`);
      else if (raw.length > LONG_TEXT) errors.add(f.name, `${label} must be ${LONG_TEXT} characters or fewer`);
      else if (!raw && f.name === 'actionsTaken' && current?.actionsTaken) errors.add(f.name, 'What was done cannot be removed once recorded; correct it instead');
      else if (raw || current?.[f.name]) patch[f.name] = raw || null;
      continue;
    }
    const value = f.kind === 'whole' ? readWhole(raw) : readNumber(raw);
    if (value === null || (f.kind === 'share' && (value < 0 || value > 100))) errors.add(f.name, raw ? `${label} must be ${f.kind === 'whole' ? 'a whole number, like 12' : 'a number from 0 to 100'}` : `Enter ${label.toLowerCase().replace(/ \(%\)$/, ' share')}`);
    else patch[f.name] = value;
  }
  if (form.action === 'correct' && !errors.any) {
    if (patch.supportivePct !== undefined && Math.abs((patch.supportivePct as number) + (patch.neutralPct as number) + (patch.opposedPct as number) - 100) > 0.5) errors.add('supportivePct', 'Supportive, neutral and opposed must add up to 100');
    if (patch.staffTrained !== undefined && (patch.staffTrained as number) > (patch.staffInScope as number)) errors.add('staffTrained', 'More staff cannot be trained than need training');
  }
  if (!form.reason) errors.add('reason', form.action === 'withdraw' ? `Enter why the ${spec.noun} is being withdrawn` : `Enter why the ${spec.noun} is being corrected`);
  else if (form.reason.length > 2000) errors.add('reason', 'The reason must be 2000 characters or fewer');
  return { form, patch };
}

/** The record's project: from the live record, or once withdrawn from its kept versions. */
export const projectOf = (history: RecordHistory<{ projectId: string }>): string | null =>
  history.current?.projectId ?? ((history.versions[0]?.data as { projectId?: string } | undefined)?.projectId ?? null);
