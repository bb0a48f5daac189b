/** An account's display name: the one rule the console, the API, seeds and the service all apply. */
export const MAX_DISPLAY_NAME = 120;

/** The problem with a display name, in the words the forms show; null when it is fine. */
export function checkDisplayName(raw: string): string | null {
  const value = raw.trim();
  if (!value) return "Display name is required.";
  if (value.length > MAX_DISPLAY_NAME) return `Display name: use at most ${MAX_DISPLAY_NAME} characters.`;
  return null;
}
