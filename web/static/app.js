// itaku pages: small progressive enhancements. Every page works without this file.
// - "Add a row" buttons on the roster edit form copy a <template> row with the next index.
// - A form marked data-submit-once is sent once per click: its button waits while the answer
//   comes (a second click would issue a second report), and is back after a while for a
//   download, which leaves the page as it was.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button.add-row')) {
    const template = document.getElementById(button.dataset.template);
    const rows = document.getElementById(button.dataset.rows);
    if (!template || !rows) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      const index = Number(button.dataset.next);
      const html = template.innerHTML.replaceAll('__i__', String(index));
      const holder = document.createElement('tbody');
      holder.innerHTML = html;
      const row = holder.querySelector('tr');
      if (!row) return;
      rows.appendChild(row);
      button.dataset.next = String(index + 1);
      const first = row.querySelector('input:not([type=hidden]), select');
      if (first) first.focus();
    });
  }
  for (const form of document.querySelectorAll('form[data-submit-once]')) {
    form.addEventListener('submit', (event) => {
      if (form.dataset.sending === 'yes') {
        event.preventDefault();
        return;
      }
      form.dataset.sending = 'yes';
      const button = form.querySelector('button[type=submit]');
      if (button) button.setAttribute('aria-busy', 'true');
      setTimeout(() => {
        form.dataset.sending = '';
        if (button) button.removeAttribute('aria-busy');
      }, 15000);
    });
  }
  // After a failed submission, take keyboard and screen reader users to the message.
  const error = document.getElementById('form-error');
  if (error) {
    error.setAttribute('tabindex', '-1');
    error.focus();
  }
});
