import { expect, test } from '@playwright/test';

test('the app opens on Convert & check and every screen is reachable by its deep link', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1, name: 'Convert & check' })).toBeVisible();
  await page.goto('./#/history');
  await expect(page.getByRole('link', { name: 'History' })).toHaveAttribute('aria-current', 'page');
  expect(errors).toEqual([]);
});
