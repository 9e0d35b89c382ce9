import { expect, test } from './fixtures';

test.describe('Why?: the causal chain of an effect, a duplicate or a loss', () => {
  test('alo-lost-ack: the duplicate comes from a lost ack, a retry and a second append', async ({ lab, page }) => {
    await lab.goto('scenario=alo-lost-ack&lang=en&motion=off');
    await lab.toEnd();
    await lab.openWhy('m2');
    const links = await lab.whyLinks();
    expect(links.map((l) => l.kind)).toEqual(['send', 'append', 'ack-lost', 'retry', 'append', 'poll', 'effect']);
    expect(links[2]!.text).toContain('ProduceResponse');
    expect(links[3]!.text).toContain('attempt 2');
    expect(links[4]!.text).toContain('offset 2');
    expect(links[6]!.text).toContain('effect 2');
    for (let i = 1; i < links.length; i++) expect(links[i]!.step).toBeGreaterThanOrEqual(links[i - 1]!.step);

    // A link takes the stage to its step; the chain's nodes and messages are highlighted.
    const lost = links[2]!;
    await page.getByTestId('why-link-2').click();
    await expect(lab.cursor).toHaveText(new RegExp(`^\\D*${lost.step}\\D`));
    await expect(page.getByTestId('why-link-2')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('node-broker')).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByTestId('node-producer')).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByTestId('packet-ProduceResponse-2')).toHaveAttribute('data-highlighted', 'true');
    const diagram = page.getByTestId('sequence-diagram');
    await expect(diagram.getByTestId('seq-ProduceResponse-2')).toHaveAttribute('data-why', 'true');
    await expect(diagram.locator(`rect.seq-why-row[data-step="${lost.step}"]`)).toHaveCount(1);
    await expect(diagram.getByTestId('seq-ProduceResponse-1')).not.toHaveAttribute('data-why', 'true');

    // Closing clears the chain and its highlights.
    await page.getByTestId('why-close').click();
    await expect(lab.whyChain).toHaveCount(0);
    await expect(page.getByTestId('node-broker')).not.toHaveAttribute('data-highlighted', 'true');
    await expect(diagram.locator('[data-why="true"]')).toHaveCount(0);
  });

  test('a single effect has its own Why, and the idempotent producer shows the rejected retry', async ({ lab }) => {
    await lab.goto('scenario=idempotent-producer-lost-ack&lang=en&motion=off');
    await lab.toEnd();
    await lab.openWhy('m2', 1);
    const links = await lab.whyLinks();
    expect(links.map((l) => l.kind)).toEqual(['send', 'append', 'ack-lost', 'poll', 'effect', 'retry', 'duplicate-rejected']);
    await expect(lab.whyChain).toContainText('After that');
    await expect(lab.whyChain).toContainText('a duplicate, not appended again');
  });

  test('amo-lost-request: the loss is explained, and another run closes the chain', async ({ lab, page }) => {
    await lab.goto('scenario=amo-lost-request&lang=en&motion=off');
    await lab.toEnd();
    await lab.openWhy('m2');
    const links = await lab.whyLinks();
    expect(links.map((l) => l.kind)).toEqual(['send', 'unacknowledged', 'request-lost', 'no-effect']);
    expect(links[1]!.text).toContain('acks=0');
    expect(links[3]!.text).toContain('never stored');
    await page.getByTestId('why-link-2').click();
    await expect(lab.cursor).toHaveText(new RegExp(`^\\D*${links[2]!.step}\\D`));
    await expect(page.getByTestId('node-broker')).toHaveAttribute('data-highlighted', 'true');
    await expect(page.getByTestId('sequence-diagram').getByTestId('seq-ProduceRequest-2')).toHaveAttribute('data-why', 'true');
    await lab.setSeed(5);
    await expect(lab.whyChain).toHaveCount(0);
  });

  test('in Korean', async ({ lab, page }) => {
    await lab.goto('scenario=amo-crash-after-commit&lang=ko&motion=off');
    await lab.toEnd();
    await expect(page.getByTestId('why-m2')).toHaveText('왜?');
    await lab.openWhy('m2');
    await expect(lab.whyChain).toContainText('m2이(가) 유실된 이유');
    const links = await lab.whyLinks();
    expect(links.map((l) => l.kind)).toEqual(['send', 'append', 'poll', 'commit', 'crash', 'restart', 'member-removed', 'offset-fetch', 'no-effect']);
    expect(links[3]!.text).toContain('처리하기 전에');
    expect(links[8]!.text).toContain('처리된 적이 없음');
  });
});
