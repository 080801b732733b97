// The inbox end to end in a real browser: Debian's Chromium driven by playwright-core (no browser
// download) against the real app and the Cloud API simulator, which InboxBrowserTest starts and
// passes in the environment:
//   WHATATALK_URL, SIMULATOR_URL, ADMIN_EMAIL, ADMIN_PASSWORD, PHONE_NUMBER_ID, SCREENSHOTS (a directory),
//   APP_SECRET (signs a webhook as Meta would), CHROMIUM (default /usr/bin/chromium),
//   E2E_TIMEOUT_MS (default 30000, each wait).
// Every wait is bounded; the first failure ends the run with exit code 1 and a screenshot.
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`${name} is not set`);
  return v;
};
const APP = env('WHATATALK_URL');
const SIM = env('SIMULATOR_URL');
const ADMIN_EMAIL = env('ADMIN_EMAIL');
const ADMIN_PASSWORD = env('ADMIN_PASSWORD');
const SHOTS = env('SCREENSHOTS');
const CHROMIUM = env('CHROMIUM', '/usr/bin/chromium');
const PHONE_NUMBER_ID = env('PHONE_NUMBER_ID');
const APP_SECRET = env('APP_SECRET');
const TIMEOUT = Number(env('E2E_TIMEOUT_MS', '30000'));
const NEW_PASSWORD = 'browser test password 1';

mkdirSync(SHOTS, { recursive: true });

const started = Date.now();
function step(text) {
  console.log(`[e2e +${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
}

/** A customer writes (the simulator signs and posts Meta's webhook to the app). */
async function customerWrites(waId, name, body) {
  const r = await fetch(`${SIM}/_sim/customers/${waId}/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'text', text: { body }, name }),
  });
  if (!r.ok) throw new Error(`simulator answered ${r.status}: ${await r.text()}`);
}

/**
 * A customer message that Meta delivers late, stamped `hoursAgo` hours ago: the conversation's
 * 24-hour window (from the message's own timestamp) is already closed when it arrives. Posted
 * as Meta posts webhooks, signed with the app secret; the simulator learns the customer too, so
 * that it delivers what is sent to them.
 */
async function customerWroteLongAgo(waId, name, body, hoursAgo) {
  const known = await fetch(`${SIM}/_sim/customers/${waId}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  if (!known.ok) throw new Error(`simulator answered ${known.status}: ${await known.text()}`);
  const timestamp = String(Math.floor(Date.now() / 1000) - hoursAgo * 3600);
  const payload = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{
      id: '102290129340398',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
          contacts: [{ wa_id: waId, profile: { name } }],
          messages: [{ from: waId, id: `wamid.e2e-${waId}-${timestamp}`, timestamp, type: 'text', text: { body } }],
        },
      }],
    }],
  });
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(payload).digest('hex')}`;
  const r = await fetch(`${APP}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature },
    body: payload,
  });
  if (!r.ok) throw new Error(`webhook answered ${r.status}: ${await r.text()}`);
}

/** Logs in through the form; a one-time password leads to the change form, answered here. */
async function logIn(page, email, password) {
  await page.goto(`${APP}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const inbox = page.getByRole('region', { name: 'Conversations' });
  const change = page.getByRole('heading', { name: 'Choose your password' });
  await inbox.or(change).first().waitFor();
  if (await change.isVisible()) {
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await inbox.waitFor();
  }
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
}

function row(page, text) {
  return page.getByRole('region', { name: 'Conversations' }).getByRole('button').filter({ hasText: text });
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  step(`screenshot ${name}.png`);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // Root in a container has no user namespaces for Chromium's sandbox.
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  timeout: TIMEOUT * 2,
});
let page;
let exitCode = 0;
try {
  const admin = await browser.newContext({ viewport: { width: 1280, height: 760 }, locale: 'en-GB', timezoneId: 'UTC' });
  admin.setDefaultTimeout(TIMEOUT);
  page = await admin.newPage();
  page.on('pageerror', (e) => console.log(`[page error] ${e.message}`));

  step('log in as the first admin');
  await page.goto(`${APP}/login`);
  await page.getByLabel('Email').waitFor();
  await shot(page, '01-login');
  await logIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);

  step('two agents: Bea (will be assigned) and Cid (may not reply)');
  const agents = {};
  for (const [key, displayName] of [['bea', 'Bea Agent'], ['cid', 'Cid Agent']]) {
    const r = await page.request.post(`${APP}/api/agents`, {
      data: { email: `${key}@test.example`, displayName },
    });
    if (r.status() !== 201) throw new Error(`create agent ${key}: ${r.status()} ${await r.text()}`);
    agents[key] = await r.json();
  }
  // The inbox lists agents when it opens: reload it, as an admin would after adding people.
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();

  step('customers write; their conversations appear live with an unread badge');
  await customerWrites('16505550402', 'Omar Haddad', 'Do you ship to Lisbon?');
  await row(page, 'Omar Haddad').waitFor();
  await customerWrites('16505550401', 'Maria Lopez', 'Hi! Is my order #1042 on its way?');
  const maria = row(page, 'Maria Lopez');
  await maria.getByLabel('1 unread').waitFor();
  await shot(page, '02-live-unread');

  step('open it: the message is there and the badge goes');
  await maria.click();
  const chat = page.getByRole('region', { name: 'Chat' });
  await chat.locator('.bubble--customer').filter({ hasText: 'Is my order #1042 on its way?' }).waitFor();
  await maria.getByLabel('1 unread').waitFor({ state: 'detached' });

  step('the emoji picker works offline (its data is a local asset) and inserts at the caret');
  await page.getByRole('button', { name: 'Emoji', exact: true }).click();
  await page.getByRole('dialog', { name: 'Emoji picker' }).locator('emoji-picker').getByRole('menuitem').first().click();
  // The picker fires its emoji-click after an IndexedDB lookup: the text arrives a moment later.
  const box = await page.getByLabel('Message', { exact: true }).elementHandle();
  await page
    .waitForFunction((el) => el.value.length > 0, box, { timeout: 10_000 })
    .catch(() => { throw new Error('the emoji was not inserted'); });
  await page.getByRole('button', { name: 'Emoji', exact: true }).click();

  step('reply with Enter; the ticks reach two blue (read)');
  await page.getByLabel('Message', { exact: true }).fill('Yes, it left this morning. Tracking: PT-88412.');
  await page.getByLabel('Message', { exact: true }).press('Enter');
  const reply = chat.locator('.bubble--business').filter({ hasText: 'Tracking: PT-88412' });
  await reply.waitFor();
  await reply.locator('[data-status="read"]').waitFor();
  await customerWrites('16505550401', 'Maria Lopez', 'Great, thank you!');
  await chat.locator('.bubble--customer').filter({ hasText: 'Great, thank you!' }).waitFor();

  step('an internal comment, shown apart');
  await page.getByRole('radio', { name: 'Internal comment' }).click();
  await page.getByLabel('Internal comment', { exact: true }).fill('VIP customer: second order this month.');
  await page.getByLabel('Internal comment', { exact: true }).press('Enter');
  await chat.locator('.bubble--comment').filter({ hasText: 'VIP customer' }).waitFor();
  await page.getByRole('radio', { name: 'Reply' }).click();

  step('contact details: tag the contact, add an attribute and edit it');
  const details = page.getByRole('complementary', { name: 'Contact details' });
  await details.getByLabel('New tag').fill('VIP');
  await details.getByLabel('New tag').press('Enter');
  await details.locator('.contact-panel__tag').filter({ hasText: 'vip' }).waitFor();
  await details.getByLabel('New attribute name').fill('order');
  await details.getByLabel('New attribute value').fill('1042');
  await details.getByLabel('New attribute value').press('Enter');
  const order = details.getByLabel('order', { exact: true });
  await order.waitFor();
  await order.fill('1042, 1077');
  const patched = page.waitForResponse((r) => r.url().includes('/api/contacts/') && r.request().method() === 'PATCH');
  await order.press('Enter');
  if ((await patched).status() !== 200) throw new Error(`attribute edit answered ${(await patched).status()}`);
  await details.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
  const saved = await page.request.get(`${APP}/api/contacts/${PHONE_NUMBER_ID}/16505550401`);
  const contact = await saved.json();
  if (contact.attributes?.order !== '1042, 1077' || !contact.tags?.includes('vip')) {
    throw new Error(`contact not saved: ${JSON.stringify(contact)}`);
  }
  await shot(page, '03-reply-read');

  step('search by phone');
  const search = page.getByLabel('Search by name or phone');
  // As agents type it: the national number (phone search matches a prefix of the full or the
  // national number, digits only).
  await search.fill('650 555 0402');
  await maria.waitFor({ state: 'detached' });
  await row(page, 'Omar Haddad').waitFor();
  await shot(page, '04-search');
  await search.fill('');
  await maria.waitFor();

  step('assign to Bea; Cid sees who may reply');
  await page.getByLabel('Assignee').selectOption({ label: 'Bea Agent' });
  await maria.filter({ hasText: 'Assigned to Bea Agent' }).waitFor();
  const cidContext = await browser.newContext({ viewport: { width: 1280, height: 760 }, locale: 'en-GB', timezoneId: 'UTC' });
  cidContext.setDefaultTimeout(TIMEOUT);
  const cid = await cidContext.newPage();
  cid.on('pageerror', (e) => console.log(`[page error, Cid] ${e.message}`));
  await logIn(cid, 'cid@test.example', agents.cid.oneTimePassword);
  await row(cid, 'Maria Lopez').click();
  await cid.getByRole('status').filter({ hasText: 'Assigned to Bea Agent: only they or an admin may reply.' }).waitFor();
  if (!(await cid.getByLabel('Message', { exact: true }).isDisabled())) throw new Error('Cid can type a reply');
  await shot(cid, '05-not-assignee');
  await cidContext.close();

  step('archive; it leaves Active and is under Archived');
  await page.getByRole('button', { name: 'Archive', exact: true }).click();
  await maria.waitFor({ state: 'detached' });
  await page.getByRole('tab', { name: 'Archived' }).click();
  await maria.waitFor();
  await page.getByRole('button', { name: 'Unarchive' }).waitFor();
  await shot(page, '06-archived');

  step('a window closed long ago: free text is off with the reason, a template goes');
  const synced = await page.request.post(`${APP}/api/templates/sync?phoneNumberId=${PHONE_NUMBER_ID}`);
  if (synced.status() !== 200) throw new Error(`template sync answered ${synced.status()}: ${await synced.text()}`);
  await page.getByRole('tab', { name: 'Active' }).click();
  await customerWroteLongAgo('16505550403', 'Lena Novak', 'Can I still return the jacket?', 30);
  await row(page, 'Lena Novak').click();
  await page.getByRole('status').filter({ hasText: 'The 24-hour window is closed' }).waitFor();
  if (!(await page.getByLabel('Message', { exact: true }).isDisabled())) throw new Error('free text is open outside the window');
  await page.getByRole('button', { name: 'Send a template' }).click();
  const templates = page.getByRole('dialog', { name: 'Templates' });
  await templates.getByLabel('Search templates').fill('order_summary');
  await templates.locator('.templates__item').filter({ has: page.locator('.templates__name', { hasText: /^order_summary$/ }) }).click();
  await templates.getByLabel('Body {{1}}').fill('Lena');
  await templates.getByLabel('Body {{2}}').fill('€42.50');
  await templates.getByLabel('Body {{3}}').fill('Friday');
  await templates.getByRole('region', { name: 'Preview' }).filter({ hasText: 'Hi Lena, your order total is €42.50, to be delivered on Friday.' }).waitFor();
  await shot(page, '07-template');
  await templates.getByRole('button', { name: 'Send template' }).click();
  const sentTemplate = chat.locator('.bubble--business').filter({ hasText: '€42.50' });
  await sentTemplate.waitFor();
  await sentTemplate.locator('[data-status="sent"], [data-status="delivered"], [data-status="read"]').first().waitFor();
  await shot(page, '08-template-sent');
  step('passed');
} catch (e) {
  exitCode = 1;
  console.log(`[e2e] FAILED: ${e.stack || e}`);
  if (page) await page.screenshot({ path: join(SHOTS, 'failure.png') }).catch(() => {});
} finally {
  await browser.close().catch(() => {});
}
process.exit(exitCode);
