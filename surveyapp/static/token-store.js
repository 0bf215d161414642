/**
 * Where this browser keeps a survey's token (localStorage, one entry per wave), so the answer
 * page can offer it. The token holds nothing of the sign-in; keeping it here is for convenience,
 * and the person can also copy or download it to answer from another browser.
 */
const PREFIX = "staff-voice-token-wave-";

export function saveToken(wave, token) {
  try {
    localStorage.setItem(PREFIX + wave, token);
    return true;
  } catch {
    return false;
  }
}

export function savedTokens() {
  const found = [];
  try {
    for (let index = 0; index < localStorage.length; index += 1) {
      const name = localStorage.key(index);
      if (name && name.startsWith(PREFIX)) {
        found.push(localStorage.getItem(name));
      }
    }
  } catch {
    return [];
  }
  return found.filter(Boolean);
}
