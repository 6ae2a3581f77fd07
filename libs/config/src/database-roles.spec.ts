import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toPlatformConfig, environmentSchema } from './config.schema';
import { readRolePassword, redactUrl, rolePasswordFile } from './database-roles';

describe('role passwords', () => {
  it("puts the generated password of an app's role into its derived URL", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roles-'));
    const file = rolePasswordFile(home, 'shop_processor');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 's3cr/t\n');
    expect(readRolePassword(home, 'shop_processor')).toBe('s3cr/t');

    const env = environmentSchema.parse({
      SHOPSTREAM_HOME: home,
      SHOPSTREAM_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/shop',
    });
    const config = toPlatformConfig(env, '/repo');
    expect(config.database.apps.processor.url).toBe('postgres://shop_processor:s3cr%2Ft@127.0.0.1:5432/shop');
    expect(config.database.apps.projector.url).toBe('postgres://shop_projector@127.0.0.1:5432/shop');
  });

  it('redacts a password for display', () => {
    expect(redactUrl('postgres://a:secret@h:5432/d')).toBe('postgres://a:***@h:5432/d');
    expect(redactUrl('postgres://a@h:5432/d')).toBe('postgres://a@h:5432/d');
  });
});
