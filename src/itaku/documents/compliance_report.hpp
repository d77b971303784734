#pragma once
// The compliance report (情報セキュリティ遵守状況報告書): a contract's per-clause compliance at a
// time, as the city files it, with its ledger record number, a QR code to verify it and a
// machine-readable payload. Every text arrives formatted for display: this module lays it out.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

// One finding of a control: for the contract as a whole or one party (乙/丙).
struct ReportFinding {
  std::string subject;  // "契約全体" or the party as the contract names it, e.g. "乙 株式会社信州データサービス"
  std::string status;        // machine form: violated | due | not_tracked | manual_check | met | not_applicable
  std::string status_label;  // 違反 | 期限あり | 未記録 | 要確認 | 遵守 | 対象外
  std::string due;           // already formatted for display (e.g. 令和8年12月20日) or empty
  std::string since;         // already formatted, or empty
  std::string sentence;      // the Japanese sentence saying why
  std::string evidence;      // e.g. "台帳記録 #12, #15" or empty
};

struct ReportControl {
  std::string id;       // e.g. roster.submitted
  std::string summary;  // what the control means, in Japanese
  std::string status, status_label;
  std::vector<ReportFinding> findings;
};

struct ReportClause {
  std::string number, title;  // 第8, 情報資産の管理
  std::string status, status_label;
  std::vector<ReportControl> controls;
};

struct ComplianceReport {
  std::string city;        // 長野市
  std::string contractor;  // 乙's organisation name
  std::string contract_number, contract_title;
  std::string provisions;    // e.g. "長野市 情報セキュリティに関する特記事項 (nagano 第1版)"
  std::string evaluated_at;  // display, e.g. 令和8年12月6日 時点
  std::string issued_at;     // display
  std::string issued_by;     // a person's name
  std::string scope;  // "契約全体" or e.g. "丙 株式会社… に関する事項のみ" when the report is narrowed
  std::vector<std::pair<std::string, std::size_t>> counts;  // status label → count of controls, in order worst first
  std::vector<ReportClause> clauses;
  std::uint64_t ledger_index = 0;  // 台帳記録番号 of this report's own ledger entry, printed
  std::string ledger_origin;       // printed small
  std::string verify_url;          // in the QR code and printed under it
  std::string payload;             // machine-readable verification data, printable ASCII, up to 256 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset): the title, the
// contract, the count of controls per status, then a block per clause with its controls and
// their findings, continued over as many pages as it takes, numbered "n / N"; the ledger block
// (台帳記録番号, origin, QR code of verify_url and the URL) sits at the foot of the last page, as
// on a receipt. Refuses (ErrorKind::Invalid, codes "report.*") text that is not UTF-8, fields
// too long to lay out, more clauses, controls or findings than a report holds, and a payload
// that is not printable ASCII or longer than 256 KiB.
Result<std::string> render_compliance_report_pdf(const ComplianceReport& report);

// The payload embedded by render_compliance_report_pdf; "report.no_payload" (ErrorKind::Invalid)
// when the file is not a compliance report made by itaku.
Result<std::string> extract_compliance_report_payload(std::string_view pdf);

}  // namespace itaku::documents
