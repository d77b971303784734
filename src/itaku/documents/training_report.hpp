#pragma once
// The training report (情報セキュリティ教育 実施状況報告書): the content of a contract's security
// training, the sessions held and each worker's standing, as the contractor presents them to the
// city (長野市 特記事項 第4: 市が必要とする場合は、その教育の内容及び実施状況を提示), with its
// ledger record number, a QR code to verify it and a machine-readable payload. Every text arrives
// formatted for display: this module lays it out.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::documents {

// A course: what the training covers.
struct TrainingReportCourse {
  std::string title;
  std::string outline;   // what it covers, as the course defines it; may run to many lines
  std::string provider;  // 社内研修, an outside body, an e-learning system…
  std::string hours;     // e.g. "2時間"
  std::string classes;  // the asset classes it qualifies for, e.g. "個人情報、業務データ" or "すべての区分"
  std::string validity;  // e.g. "1年"
};

// A session of a course that was held.
struct TrainingReportSession {
  std::string date;  // display, e.g. 令和8年9月15日
  std::string course, place, instructor;
  std::size_t attended = 0, passed = 0;
};

// A worker's standing, every field display text.
struct TrainingReportWorker {
  std::string name, organisation, role;
  std::string last_trained, valid_until;  // dates, or empty when never trained
  std::string training_status;            // 有効 | まもなく期限 | 期限切れ | 未受講 …
  std::string acknowledgement;            // whether they acknowledged the provisions (特記事項の確認)
  std::string pledge;                     // the pledge or NDA they signed (誓約書等)
};

struct TrainingReport {
  std::string city;  // 長野市
  std::string contract_number, contract_title;
  std::string provisions;  // e.g. "長野市 情報セキュリティに関する特記事項 (nagano 第1版)"
  std::string party;       // whose training: e.g. "乙 株式会社信州データサービス" or "契約全体"
  std::string as_of;       // display, e.g. 令和8年12月7日 時点
  std::string issued_at;   // display
  std::string issued_by;   // a person's name
  std::vector<TrainingReportCourse> courses;
  std::vector<TrainingReportSession> sessions;
  std::vector<TrainingReportWorker> workers;
  std::vector<std::pair<std::string, std::size_t>> counts;  // training status label → workers, in order
  std::uint64_t ledger_index = 0;  // 台帳記録番号 of this report's own ledger entry, printed
  std::string ledger_origin;       // printed small
  std::string verify_url;          // in the QR code and printed under it
  std::string payload;             // machine-readable verification data, printable ASCII, up to 256 KiB
};

// Renders an A4 portrait PDF in Japanese with the fonts embedded (subset): the title, the
// contract, the number of workers per training status, then three tables — 1 教育の内容 (the
// courses), 2 実施状況 (the sessions), 3 従事者ごとの状況 (the workers) — each continued over as
// many pages as it takes under its heading row repeated, a cell too long for one page continued
// on the next; pages are numbered "n / N" and the ledger block (台帳記録番号, origin, QR code of
// verify_url and the URL) sits at the foot of the last page. An empty table prints
// 「記録はありません」. Refuses (ErrorKind::Invalid, codes "training_report.*") text that is not
// UTF-8, over-long fields, more than 2,000 courses, 20,000 sessions, 20,000 workers or 10 counts,
// and a payload that is not printable ASCII or longer than 256 KiB.
Result<std::string> render_training_report_pdf(const TrainingReport& report);

// The payload embedded by render_training_report_pdf; "training_report.no_payload"
// (ErrorKind::Invalid) when the file is not a training report made by itaku.
Result<std::string> extract_training_report_payload(std::string_view pdf);

}  // namespace itaku::documents
