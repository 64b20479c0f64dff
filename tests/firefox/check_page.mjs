import puppeteer from "puppeteer-core";
import fs from "fs";
import path from "path";

// Steps through the page in Firefox (WebDriver BiDi, no patched build needed) and compares
// every gradient with the engine's. Exits 1 on a mismatch or a console error.
const dir = path.resolve(process.argv[2] ?? ".");
const {expected, ops} = JSON.parse(fs.readFileSync(`${dir}/expected.json`));
const browser = await puppeteer.launch({browser: "firefox", executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr",
  headless: true, protocol: "webDriverBiDi"});
const page = await browser.newPage();
await page.setViewport({width: 1280, height: 800});
const errors = [];
page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
page.on("pageerror", e => errors.push(String(e)));
await page.goto(`file://${dir}/steps.html`);
const counter = () => page.$eval("#counter", e => e.textContent);
const current = () => page.$eval(".node.current:not([id$='_op'])", g => g.id);
const log = [];
log.push(`start: ${await counter()} current=${await current()}`);
for (let i = 1; i <= ops; i++) {
  await page.keyboard.press("ArrowRight");
  log.push(`${await counter()} current=${await current()}`);
}
let mismatches = 0;
for (const [id, text] of Object.entries(expected)) {
  const texts = await page.$eval(`#${id}`, g => [...g.querySelectorAll("text")].map(t => t.textContent));
  if (!texts.includes(text)) { mismatches++; log.push(`MISMATCH ${id}: want ${text}, got ${texts}`); }
}
await page.click("#prev");
log.push(`after Previous button: ${await counter()}`);
await page.keyboard.press("f");
await page.keyboard.press("End");
const pending = await page.$$eval(".node.pending", gs => gs.length);
log.push(`forward mode, End: pending nodes ${pending}`);
await page.screenshot({path: `${dir}/firefox.png`});
console.log(log.join("\n"));
console.log(`gradients checked: ${Object.keys(expected).length}, mismatches: ${mismatches}, console errors: ${errors.length} ${errors}`);
await browser.close();
process.exit(mismatches || errors.length ? 1 : 0);
