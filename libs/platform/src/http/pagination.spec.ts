import { Cursor } from './pagination';

describe('signed cursors', () => {
  it('reads back what it issued', () => {
    const cursor = Cursor.encode(['CS-01', 42]);
    expect(Cursor.decode(cursor, 2)).toEqual(['CS-01', 42]);
    expect(Cursor.decode(undefined, 2)).toBeNull();
  });

  it('refuses an edited payload, a stripped or swapped signature, and the wrong arity', () => {
    const cursor = Cursor.encode(['CS-01']);
    const [payload, signature] = cursor.split('.');
    const edited = Buffer.from(JSON.stringify(['ZZ'])).toString('base64url');
    for (const forged of [`${edited}.${signature}`, payload, `${payload}.`, `${payload}.${Cursor.encode(['other']).split('.')[1]}`]) {
      expect(() => Cursor.decode(forged, 1)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_cursor' }));
    }
    expect(() => Cursor.decode(cursor, 2)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
