#pragma once
// The city's written approval (承認書): what the city approved of a contractor's or
// subcontractor's request — copying, taking out, bringing in, entering into an unmanaged computer,
// providing to a third party, bringing devices in, connecting to the network (長野市 第5〜第7,
// 木更津市 第3条, 第12条) — with its number, date, parties, conditions and period, its ledger
// record number, a QR code to verify it and a machine-readable payload. Every text arrives
// formatted for display: this module lays it out.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

struct ApprovalDocument {
  std::string number;        // 承認番号 (printed after that word), e.g. "長野市情政第2026-001号-A0001"
  std::string decided_date;  // display, e.g. 令和8年12月7日
  std::string addressee;     // the requesting party, e.g. "株式会社信州データサービス 様"
  std::string city;          // 長野市
  std::string approver;      // the city's person who approved, name as shown
  std::string clause;        // the clause it rests on, e.g. "長野市 第6-2"
  std::string contract_number, contract_title;
  std::string request;  // 申請番号 and date, e.g. "a-0001（令和8年12月1日申請）"
  std::string action;   // 複写・複製
  // What the request states, in the order printed; a row whose value is empty is left out.
  std::vector<std::pair<std::string, std::string>> rows;
  std::string conditions;          // 承認の条件; "なし" when none
  std::uint64_t ledger_index = 0;  // 台帳記録番号 of the approval's decision, printed
  std::string ledger_origin;       // printed small
  std::string verify_url;          // in the QR code and printed under it
  std::string payload;             // machine-readable verification data, printable ASCII, up to 64 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset): the date and number,
// the addressee, the title 承認書, the sentence of approval citing the clause, the city and its
// approver, then 記 and the table of what is approved (契約, 申請, 行為, the request's rows,
// 承認の条件), 以上, and the ledger block at the foot of the last page; a table too long for one
// page continues on the next. Refuses (ErrorKind::Invalid, codes "approval_document.*") text that
// is not UTF-8, over-long fields, more than 20 rows, and a payload that is not printable ASCII or
// longer than 64 KiB.
Result<std::string> render_approval_pdf(const ApprovalDocument& document);

// The payload embedded by render_approval_pdf; "approval_document.no_payload" (ErrorKind::Invalid)
// when the file is not a 承認書 made by itaku.
Result<std::string> extract_approval_payload(std::string_view pdf);

}  // namespace itaku::documents
