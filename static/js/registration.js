// Switch the registration form between the new-user fields and the
// automated customs system fields as soon as the legal entity or the check
// box changes. Hidden fields keep what was typed. Without this script the
// server shows the right fields after the form is submitted.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form [name=route]");
  if (!form) { return; }
  form = form.form;
  var entity = form.querySelector("[name=legal_entity]");
  var box = form.querySelector("[name=has_registry_account]");
  var choice = document.getElementById("registry-choice");
  var route = document.getElementById("registration-route");
  if (!entity || !box || !choice || !route) { return; }

  function update() {
    var offered = choice.dataset.registryEntity !== "" &&
      (entity.value === "" || entity.value === choice.dataset.registryEntity);
    choice.hidden = !offered;
    var current = offered && entity.value !== "" && box.checked ? "registry" : "new";
    route.value = current;
    form.querySelectorAll("[data-route]").forEach(function (group) {
      group.hidden = group.dataset.route !== current;
    });
  }

  entity.addEventListener("change", update);
  box.addEventListener("change", update);
  update();
});
