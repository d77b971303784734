// The receipt verification page (/receipts/verify): reads the chosen receipt PDF in the
// browser, sends its bytes to POST /api/v1/receipts/verify and shows the answer. Every text it
// shows comes from the page (data-* attributes and <template> elements filled from the
// message catalogs), so this file holds no language.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('receipt-verify');
  const input = document.getElementById('receipt-file');
  const result = document.getElementById('receipt-result');
  const valid = document.getElementById('receipt-valid');
  const invalid = document.getElementById('receipt-invalid');
  if (!form || !input || !result || !valid || !invalid) return;
  const english = document.documentElement.lang === 'en';

  const show = (node) => {
    result.replaceChildren(node);
    result.setAttribute('tabindex', '-1');
    result.focus();
  };
  const failure = (text) => {
    const node = invalid.content.cloneNode(true);
    node.querySelector('[data-field="message"]').textContent = text;
    show(node);
  };
  const success = (answer) => {
    const node = valid.content.cloneNode(true);
    const receipt = answer.receipt || {};
    const values = {
      number: answer.number || receipt.number || '',
      contract: receipt.contract_number ? `${receipt.contract_number} ${receipt.contract_title || ''}`.trim()
                                        : answer.contract || '',
      index: String(answer.index ?? ''),
      receiver: [receipt.receiver_organisation, receipt.received_by_title, receipt.received_by_name]
        .filter(Boolean).join(' '),
      giver: [receipt.city, receipt.handed_over_by_title, receipt.handed_over_by_name].filter(Boolean).join(' '),
      sha256: (answer.document && answer.document.sha256) || '',
      date: receipt.date || '',
      origin: answer.origin || '',
      tree_size: String(answer.tree_size ?? ''),
    };
    for (const [field, value] of Object.entries(values)) {
      const slot = node.querySelector(`[data-field="${field}"]`);
      if (!slot) continue;
      slot.textContent = value;
      if (slot.dataset.href !== undefined) slot.setAttribute('href', slot.dataset.href + value);
    }
    const body = node.querySelector('[data-field="items"]');
    for (const item of Array.isArray(receipt.items) ? receipt.items : []) {
      const row = document.createElement('tr');
      const head = document.createElement('th');
      head.scope = 'row';
      head.textContent = item.asset ? `${item.description || ''} (${item.asset})` : item.description || '';
      row.appendChild(head);
      for (const key of ['class', 'media', 'quantity']) {
        const cell = document.createElement('td');
        cell.textContent = item[key] || '';
        row.appendChild(cell);
      }
      body.appendChild(row);
    }
    show(node);
  };
  const errorText = (answer) => {
    const error = answer && answer.error;
    if (!error) return form.dataset.unknown;
    const message = error.message || {};
    const text = (english ? message.en : message.ja) || message.ja || message.en || '';
    return error.code ? `${text} [${error.code}]` : text;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = input.files && input.files[0];
    if (!file) {
      failure(form.dataset.chooseFile);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    // "%PDF": anything else is not a receipt, and need not leave the browser.
    if (bytes.length < 4 || bytes[0] !== 0x25 || bytes[1] !== 0x50 || bytes[2] !== 0x44 || bytes[3] !== 0x46) {
      failure(form.dataset.notPdf);
      return;
    }
    const status = document.createElement('p');
    status.textContent = form.dataset.reading;
    result.replaceChildren(status);
    let response;
    try {
      // Verification needs no sign-in: the session cookie is not sent.
      response = await fetch(form.dataset.endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/pdf', Accept: 'application/json' },
        body: bytes,
        credentials: 'omit',
      });
    } catch {
      failure(form.dataset.network);
      return;
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    if (response.ok && answer && answer.valid === true) success(answer);
    else failure(errorText(answer));
  });
});
