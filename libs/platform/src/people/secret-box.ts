import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { Problem } from '../errors/problem';

/**
 * Encrypts secrets the product must keep (identity-provider client secrets) with AES-256-GCM under
 * SECRETS_KEY: a copy of the database alone does not reveal them. Stored as iv || tag || ciphertext.
 */
@Injectable()
export class SecretBox {
  private readonly key: Buffer | null;

  constructor(config: AppConfig) {
    if (config.secretsKey) this.key = Buffer.from(config.secretsKey, 'base64');
    // A fixed key outside production, so development and tests need no setup; production must set its own.
    else this.key = config.nodeEnv === 'production' ? null : createHash('sha256').update('programme-kpi-tracker development key').digest();
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Problem(409, 'secrets_key_missing', 'the server has no SECRETS_KEY, so it cannot store or read secrets; set it and restart');
    return this.key;
  }

  seal(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.requireKey(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}
