// Carry what the user typed across the language switch. The switch posts
// its own form and reloads the page, which would otherwise empty the page's
// form. Passwords, one-time codes, CAPTCHA text and hidden fields are never
// stored.
(function () {
  var storageKey = "portal-form:" + window.location.pathname;

  function keepable(element) {
    if (!element.name || element.disabled) return false;
    if (element.name === "csrfmiddlewaretoken" || element.name.indexOf("captcha") === 0) return false;
    if (element.autocomplete === "one-time-code" || element.name === "code") return false;
    return ["password", "hidden", "submit", "button", "file"].indexOf(element.type) === -1;
  }

  function collect() {
    var values = [];
    document.querySelectorAll("main form").forEach(function (form) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (!keepable(element)) return;
        if (element.type === "checkbox" || element.type === "radio") {
          values.push({ name: element.name, value: element.value, checked: element.checked });
        } else {
          values.push({ name: element.name, value: element.value });
        }
      });
    });
    return values;
  }

  function restore(values) {
    values.forEach(function (saved) {
      document.querySelectorAll("main form [name='" + CSS.escape(saved.name) + "']").forEach(function (element) {
        if (!keepable(element)) return;
        if (element.type === "checkbox" || element.type === "radio") {
          if (element.value === saved.value && element.checked !== saved.checked) {
            element.checked = saved.checked;
            element.dispatchEvent(new Event("change", { bubbles: true }));
          }
        } else if (!element.value && saved.value) {
          element.value = saved.value;
          element.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var stored = window.sessionStorage.getItem(storageKey);
    if (stored) {
      window.sessionStorage.removeItem(storageKey);
      try {
        restore(JSON.parse(stored));
      } catch (error) {
        // A damaged entry only means nothing is restored.
      }
    }
    document.querySelectorAll("form.language-switch").forEach(function (switchForm) {
      switchForm.addEventListener("submit", function () {
        window.sessionStorage.setItem(storageKey, JSON.stringify(collect()));
      });
    });
  });
})();
