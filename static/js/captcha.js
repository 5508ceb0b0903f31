// Swap the CAPTCHA image for a new one without reloading the form, so
// nothing the user typed is lost.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".captcha-refresh").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      fetch(link.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var field = link.closest(".captcha");
          field.querySelector("img.captcha").src = data.image_url;
          field.querySelector("input[type=hidden]").value = data.key;
          var answer = field.querySelector("input[type=text]");
          answer.value = "";
          answer.focus();
        });
    });
  });
});
