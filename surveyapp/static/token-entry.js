/** The answer page: offer the token this browser kept when its owner signed in. */
import { savedTokens } from "./token-store.js";

const saved = savedTokens();
if (saved.length > 0) {
  const offer = document.getElementById("saved-token");
  offer.hidden = false;
  document.getElementById("use-saved-token").addEventListener("click", () => {
    document.getElementById("token").value = saved[0];
  });
}
