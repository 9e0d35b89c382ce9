import { test as base, expect, type Page } from '@playwright/test';

export class LabPage {
  constructor(readonly page: Page) {}

  async goto(query = ''): Promise<void> {
    await this.page.goto(`/?${query}`);
  }
}

export const test = base.extend<{ lab: LabPage }>({
  lab: async ({ page }, use) => {
    await use(new LabPage(page));
  },
});

export { expect };
