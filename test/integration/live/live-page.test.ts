import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { createOrderFlowCommands, OrderFlowCommandsHandle } from '@shopstream/order-flow';
import { localApiKey } from '../../support/credentials';
import { platformConfig } from '../../support/platform';
import { uniqueName } from '../../support/wait-for';
import { RunningGateway, startGateway, startPipeline } from './live-harness';

const config = platformConfig();
const meta = () => ({ idempotencyKey: null, requestHash: 'h', correlationId: randomUUID() });

/** Chromium's path, installed by the script when missing; null (and the reason on stderr) where it cannot be. */
function findChromium(): string | null {
  try {
    return execFileSync(path.join(__dirname, 'install-chromium.sh'), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 600_000,
    }).trim();
  } catch (error) {
    const reason = (error as { stderr?: string }).stderr?.trim().split('\n').at(-1) ?? String(error);
    process.stderr.write(`live page test skipped: ${reason}\n`);
    return null;
  }
}

const executablePath = findChromium();
const inBrowser = executablePath ? it : it.skip;

describe('the live shop page in a real browser', () => {
  let pipeline: { stop(): Promise<void> };
  let handle: OrderFlowCommandsHandle;
  let gateway: RunningGateway;
  let browser: Browser;

  beforeAll(async () => {
    if (!executablePath) return;
    pipeline = await startPipeline(config);
    handle = await createOrderFlowCommands(config);
    gateway = await startGateway(config);
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await handle?.close();
    await pipeline?.stop();
  });

  const cells = (page: Page, sku: string) => page.locator(`tr[data-sku="${sku}"] td`).allTextContents();

  inBrowser('updates the board in place and recovers with resume after the gateway restarts', async () => {
    const sku = uniqueName('PAGE-SKU');
    const port = (gateway.app.getHttpServer().address() as { port: number }).port;
    const page = await browser.newPage();
    // The key in the fragment, as `up` prints the page's address: order channels need a credential.
    await page.goto(`http://127.0.0.1:${port}/#key=${localApiKey(config)}`);
    await page.locator('#status[data-state="open"]').waitFor({ timeout: 30_000 });

    await handle.commands.receiveStock(sku, { quantity: 10 }, meta());
    await page.locator(`tr[data-sku="${sku}"]`).waitFor({ timeout: 60_000 });
    expect(await cells(page, sku)).toEqual([sku, '10', '0', '10', '–']);

    const placed = await handle.commands.placeOrder(
      {
        customerId: uniqueName('page-customer'),
        currency: 'EUR',
        lines: [{ sku, quantity: 3, unitPriceMinor: 999 }],
        shippingAddress: {
          name: 'Ada Lovelace',
          line1: '12 St James Square',
          line2: null,
          city: 'London',
          postalCode: 'SW1Y 4JH',
          country: 'GB',
        },
      },
      meta(),
    );
    await page.fill('#order-id', placed.result.orderId);
    await page.click('#follow button');
    await page
      .locator(`tr[data-sku="${sku}"] td:nth-child(3)`, { hasText: '3' })
      .waitFor({ timeout: 60_000 });
    await page
      .locator('#orders li', { hasText: `${placed.result.orderId}: CONFIRMED` })
      .waitFor({ timeout: 60_000 });

    await gateway.close();
    await page.locator('#status[data-state="reconnecting"]').waitFor({ timeout: 30_000 });
    await handle.commands.receiveStock(sku, { quantity: 5 }, meta());
    gateway = await startGateway(config, { port });
    await page.locator('#status', { hasText: 'live (resumed)' }).waitFor({ timeout: 60_000 });
    await page
      .locator(`tr[data-sku="${sku}"] td:nth-child(2)`, { hasText: '15' })
      .waitFor({ timeout: 60_000 });
    expect(await cells(page, sku)).toEqual([sku, '15', '3', '12', '–']);

    const output = path.join(config.home, 'test-output', 'live');
    fs.mkdirSync(output, { recursive: true });
    await page.screenshot({ path: path.join(output, 'live-page.png'), fullPage: true });
    await page.close();
  });
});
