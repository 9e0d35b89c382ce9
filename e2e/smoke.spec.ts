import { expect, test } from './fixtures';

// Temporary pipeline check; replaced once the real UI lands.
test('page shows the Delivery Lab heading', async ({ lab, page }) => {
  await lab.goto();
  await expect(page.getByRole('heading', { name: 'Delivery Lab' })).toBeVisible();
});
