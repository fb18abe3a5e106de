import { test } from "node:test";
import assert from "node:assert/strict";
import { open, BASE } from "./lib.js";

test("GraphiQL at / renders offline with the README's examples and runs one", async () => {
  const b = await open();
  try {
    const { page } = b;
    await page.goto(BASE + "/");
    // The examples are tabs named after their operations.
    await page.getByRole("tab", { name: /BoFrankMandates/ }).waitFor();
    for (const name of ["RegionKronobergRepresentatives", "GustbeeToVaxjo", "AroundVaxjo", "ContactData"]) {
      await page.getByRole("tab", { name: new RegExp(name) }).waitFor();
    }
    await b.shot("graphiql-start");
    // Run the first example (Bo Frank's mandates) with the run button.
    await page.getByRole("button", { name: /Execute query/ }).click();
    const result = page.locator(".result-window");
    await result.getByText("Bo Frank").first().waitFor();
    await result.getByText("onBehalfOf").first().waitFor();
    const text = await result.innerText();
    assert.match(text, /"mandates"/);
    assert.doesNotMatch(text, /"errors"/);
    await b.shot("graphiql-result");
    // The bearer-token note is on the page.
    assert.match(await page.locator("#kg-token-note").innerText(), /Bearer/);
    assert.deepEqual(b.foreign, [], "requests to other origins");
    assert.deepEqual(await b.csp(), [], "CSP violations");
    assert.deepEqual(b.problems, [], "console errors");
  } finally {
    await b.close();
  }
});
