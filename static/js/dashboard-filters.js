// The dashboard's filter form: when the survey (or the question) changes, fetch the question and answer lists
// that the server's form would offer and put them into the selects. Without this script, submitting the form
// refreshes the lists on the server.
(function () {
  "use strict";

  const form = document.querySelector("form[data-choices-url]");
  if (!form || !window.fetch) {
    return;
  }
  const survey = form.elements.survey;
  const question = form.elements.question;
  const choice = form.elements.choice;
  let latest = 0;

  function fill(select, options) {
    const kept = select.value;
    select.replaceChildren(
      ...options.map(([value, label]) => {
        const option = document.createElement("option");
        option.value = value;
        option.textContent = label;
        return option;
      }),
    );
    select.value = options.some(([value]) => value === kept) ? kept : "";
  }

  async function reload(changed) {
    // the server answers with the survey's questions, and with the question's answers if it belongs to the survey
    const params = new URLSearchParams({ survey: survey.value, question: question.value });
    // a slow answer to an earlier change must not overwrite the lists of a later one
    const request = ++latest;
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(`${form.dataset.choicesUrl}?${params}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || request !== latest) {
        return;
      }
      const lists = await response.json();
      if (changed === survey) {
        fill(question, lists.question);
      }
      fill(choice, lists.choice);
    } finally {
      if (request === latest) {
        form.removeAttribute("aria-busy");
      }
    }
  }

  survey.addEventListener("change", () => reload(survey));
  question.addEventListener("change", () => reload(question));
})();
