#include "itaku/documents/compliance_report.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kReport{.code = "report",
                               .name_ja = "遵守状況報告書",
                               .name_en = "compliance report",
                               .payload_prefix = "itaku-compliance-report-v1:",
                               .max_payload_bytes = 256 * 1024};

// Field sizes: generous for what the compliance evaluation writes, and small enough that the
// largest finding row, under a control's heading, still fits on a page of its own.
constexpr std::size_t kMaxShortBytes = 100;  // status labels, dates
constexpr std::size_t kMaxFieldBytes = 500;  // names, titles, numbers, the URL
constexpr std::size_t kMaxTextBytes = 1200;  // sentences, summaries, evidence
// A provision set has a few dozen clauses of a few controls each, and a control about parties
// is evaluated once for each of them (a large contract has a couple of hundred). The bounds are
// well above that, and still bound the work of one report: every finding is a table row, about
// fifteen to a page.
constexpr std::size_t kMaxCounts = 10;
constexpr std::size_t kMaxClauses = 200;
constexpr std::size_t kMaxControlsPerClause = 50;
constexpr std::size_t kMaxFindingsPerControl = 1000;
constexpr std::size_t kMaxFindings = 50000;

constexpr std::array<std::string_view, 6> kStatuses{"violated",     "due", "not_tracked",
                                                    "manual_check", "met", "not_applicable"};
constexpr std::string_view kViolated = "violated";

constexpr TextStyle kClauseHeading{.size_pt = 11, .weight = Weight::Bold};
constexpr TextStyle kClauseStatus{.size_pt = 10.5, .weight = Weight::Bold, .align = Align::Right};
constexpr TextStyle kControlSummary{.size_pt = 9.5, .weight = Weight::Bold};
constexpr TextStyle kControlStatus{.size_pt = 9.5, .weight = Weight::Bold, .align = Align::Right};
constexpr TextStyle kControlId{.size_pt = 7.5, .wrap = Wrap::Characters, .gray = 0.35};
constexpr TextStyle kFinding{.size_pt = 9};
constexpr TextStyle kFindingStatus{.size_pt = 9, .align = Align::Center};
constexpr TextStyle kFindingViolated{.size_pt = 9, .weight = Weight::Bold, .align = Align::Center};
constexpr TextStyle kFindingHeading{.size_pt = 8.5, .weight = Weight::Bold, .align = Align::Center};
constexpr TextStyle kEvidence{.size_pt = 7.5, .wrap = Wrap::Characters, .gray = 0.35};

constexpr double kClauseGap = 12;
constexpr double kControlGap = 6;
constexpr double kStatusWidth = 90;  // a clause's or control's status, on the right of its heading
constexpr double kClauseShade = 0.8;
constexpr double kViolatedShade = 0.9;

// The findings table: 対象, 状況, 期日, 理由・根拠 (takes what the others leave).
constexpr double kSubjectWidth = 126;
constexpr double kStatusColumnWidth = 46;
constexpr double kDateWidth = 88;
constexpr std::array<TableColumn, 4> kFindingColumns{{
    {"対象", kSubjectWidth},
    {"状況", kStatusColumnWidth},
    {"期日", kDateWidth},
    {"理由・根拠", kContentWidth - kSubjectWidth - kStatusColumnWidth - kDateWidth},
}};

constexpr std::string_view kIntro =
    "各条の状況は、その条の統制のうち最も悪いものです。「未記録」は、このシステムがまだその事実を"
    "記録していない統制、「要確認」は記録する事実では確かめられず人が確認する義務で、いずれも遵守とは"
    "みなしません。";

// --- Validation ---

Result<void> check(std::string_view value, const std::string& field, std::size_t max_bytes) {
  return check_field(kReport, value, field, max_bytes);
}

Result<void> check_status(std::string_view status, const std::string& field) {
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
    return invalid("report.unknown_status", "遵守状況報告書の状況が不明な値です",
                   "a compliance report status is not one of the known values")
        .with("field", field)
        .with("status", std::string(status.substr(0, kMaxShortBytes)));
  return ok();
}

Result<void> validate_finding(const ReportFinding& f, const std::string& at) {
  TRY(check(f.subject, at + ".subject", kMaxFieldBytes));
  TRY(check_status(f.status, at + ".status"));
  TRY(check(f.status_label, at + ".status_label", kMaxShortBytes));
  TRY(check(f.due, at + ".due", kMaxShortBytes));
  TRY(check(f.since, at + ".since", kMaxShortBytes));
  TRY(check(f.sentence, at + ".sentence", kMaxTextBytes));
  TRY(check(f.evidence, at + ".evidence", kMaxTextBytes));
  return ok();
}

Result<void> validate_clause(const ReportClause& clause, const std::string& at, std::size_t& findings) {
  TRY(check(clause.number, at + ".number", kMaxFieldBytes));
  TRY(check(clause.title, at + ".title", kMaxFieldBytes));
  TRY(check_status(clause.status, at + ".status"));
  TRY(check(clause.status_label, at + ".status_label", kMaxShortBytes));
  if (clause.controls.size() > kMaxControlsPerClause)
    return too_many("report.too_many_controls", "遵守状況報告書の条の統制が多すぎます",
                    "a clause of the compliance report has too many controls", kMaxControlsPerClause)
        .with("field", at + ".controls");
  for (std::size_t c = 0; c < clause.controls.size(); ++c) {
    const ReportControl& control = clause.controls[c];
    const std::string control_at = at + ".controls[" + std::to_string(c) + "]";
    TRY(check(control.id, control_at + ".id", kMaxFieldBytes));
    TRY(check(control.summary, control_at + ".summary", kMaxTextBytes));
    TRY(check_status(control.status, control_at + ".status"));
    TRY(check(control.status_label, control_at + ".status_label", kMaxShortBytes));
    findings += control.findings.size();
    if (control.findings.size() > kMaxFindingsPerControl || findings > kMaxFindings)
      return too_many("report.too_many_findings", "遵守状況報告書の所見が多すぎます",
                      "the compliance report has too many findings",
                      control.findings.size() > kMaxFindingsPerControl ? kMaxFindingsPerControl : kMaxFindings)
          .with("field", control_at + ".findings");
    for (std::size_t f = 0; f < control.findings.size(); ++f)
      TRY(validate_finding(control.findings[f], control_at + ".findings[" + std::to_string(f) + "]"));
  }
  return ok();
}

Result<void> validate(const ComplianceReport& r) {
  TRY(check_payload(kReport, r.payload));
  const std::array<std::tuple<const std::string*, const char*, std::size_t>, 11> fields{{
      {&r.city, "city", kMaxFieldBytes},
      {&r.contractor, "contractor", kMaxFieldBytes},
      {&r.contract_number, "contract_number", kMaxFieldBytes},
      {&r.contract_title, "contract_title", kMaxFieldBytes},
      {&r.provisions, "provisions", kMaxFieldBytes},
      {&r.evaluated_at, "evaluated_at", kMaxShortBytes},
      {&r.issued_at, "issued_at", kMaxShortBytes},
      {&r.issued_by, "issued_by", kMaxFieldBytes},
      {&r.scope, "scope", kMaxFieldBytes},
      {&r.ledger_origin, "ledger_origin", kMaxFieldBytes},
      {&r.verify_url, "verify_url", kMaxFieldBytes},
  }};
  for (const auto& [value, name, max] : fields) TRY(check(*value, name, max));
  if (r.counts.size() > kMaxCounts)
    return too_many("report.too_many_counts", "遵守状況報告書の状況別の件数が多すぎます",
                    "the compliance report has too many counts by status", kMaxCounts);
  for (std::size_t i = 0; i < r.counts.size(); ++i)
    TRY(check(r.counts[i].first, "counts[" + std::to_string(i) + "]", kMaxShortBytes));
  if (r.clauses.size() > kMaxClauses)
    return too_many("report.too_many_clauses", "遵守状況報告書の条が多すぎます",
                    "the compliance report has too many clauses", kMaxClauses);
  std::size_t findings = 0;
  for (std::size_t i = 0; i < r.clauses.size(); ++i)
    TRY(validate_clause(r.clauses[i], "clauses[" + std::to_string(i) + "]", findings));
  return ok();
}

// --- Layout ---

// As the compliance page says them, "{date} までに" and "{at} から", the date on a line of its
// own so that the narrow column does not break it.
std::string dates_text(const ReportFinding& f) {
  std::string text;
  if (!f.due.empty()) text = f.due + "\nまでに";
  if (!f.since.empty()) text += (text.empty() ? "" : "\n") + f.since + "\nから";
  return text;
}

// The report laid out on pages: title, contract, counts, a block per clause, ledger block.
class ReportPainter final : public PagePainter {
 public:
  ReportPainter(PdfDocument& doc, const ComplianceReport& report, MeasureCache& cache, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), r_(report) {}

  // Returns the number of pages used.
  Result<int> paint() {
    first_page_header();
    counts();
    if (r_.clauses.empty()) {
      y_ += 10;
      y_ += text(kMarginX, y_, kContentWidth, "報告する条項はありません。", kBody);
    }
    for (const ReportClause& clause : r_.clauses) clause_block(clause);
    y_ += 14;
    return end_with_ledger_block(ledger());
  }

 private:
  void first_page_header() {
    y_ = kTop;
    y_ += text(kMarginX, y_, kContentWidth, r_.issued_at, {.size_pt = 10.5, .align = Align::Right});
    y_ += 10;
    y_ += text(kMarginX, y_, kContentWidth, "情報セキュリティ遵守状況報告書", kTitle);
    y_ += 18;
    y_ += text(kMarginX, y_, kContentWidth,
               "下記の契約について、情報セキュリティに関する特記事項の遵守状況を報告します。", kBody);
    y_ += 10;
    const std::array<std::pair<std::string_view, const std::string*>, 8> rows{{
        {"委託者", &r_.city},
        {"受託者", &r_.contractor},
        {"契約番号", &r_.contract_number},
        {"件名", &r_.contract_title},
        {"特記事項", &r_.provisions},
        {"報告の範囲", &r_.scope},
        {"評価時点", &r_.evaluated_at},
        {"発行者", &r_.issued_by},
    }};
    for (const auto& [label, value] : rows)
      if (!value->empty()) label_row(label, *value);
  }

  // Continued pages say whose report they continue.
  void continuation_header() override {
    std::string heading = "情報セキュリティ遵守状況報告書（続き）　契約番号 " + r_.contract_number;
    if (!r_.evaluated_at.empty()) heading += "　" + r_.evaluated_at;
    y_ += text(kMarginX, y_, kContentWidth, heading, kSmall);
    y_ += 8;
  }

  // 統制ごとの状況: one column per status, its label over the number of controls.
  void counts() {
    y_ += 14;
    const double intro = height(kIntro, kContentWidth, kNote);
    const double table = r_.counts.empty() ? 0 : counts_table_height(r_.counts, "") + 6;
    const double heading = height("統制ごとの状況", kContentWidth, kSectionHeading) + 6;
    if (y_ + heading + table + intro > kBottom) next_page();
    y_ += text(kMarginX, y_, kContentWidth, "統制ごとの状況", kSectionHeading) + 6;
    if (!r_.counts.empty()) {
      counts_table(r_.counts, "");
      y_ += 6;
    }
    y_ += text(kMarginX, y_, kContentWidth, kIntro, kNote);
  }

  // --- A clause: its heading bar, then each control with its findings ---

  static std::string clause_name(const ReportClause& clause) { return clause.number + "　" + clause.title; }

  double clause_heading_height(const ReportClause& clause) {
    return std::max(height(clause_name(clause), kContentWidth - kStatusWidth - 2 * kPadX, kClauseHeading),
                    height(clause.status_label, kStatusWidth - 2 * kPadX, kClauseStatus)) +
           2 * kPadY + 2;
  }

  void clause_heading(const ReportClause& clause) {
    const double h = clause_heading_height(clause);
    if (drawing()) {
      doc_.fill_rect(kMarginX, y_, kContentWidth, h, kClauseShade);
      doc_.text(kMarginX + kPadX, y_ + kPadY + 1, kContentWidth - kStatusWidth - 2 * kPadX, clause_name(clause),
                kClauseHeading);
      doc_.text(kMarginX + kContentWidth - kStatusWidth + kPadX, y_ + kPadY + 1, kStatusWidth - 2 * kPadX,
                clause.status_label, kClauseStatus);
    }
    y_ += h;
  }

  // What must stand together at the foot of a page: a heading is never left without the first
  // thing under it.
  double first_control_height(const ReportControl& control) {
    double h = kControlGap + control_heading_height(control);
    if (!control.findings.empty()) h += findings_heading_height() + finding_height(control.findings.front());
    return h;
  }

  void clause_block(const ReportClause& clause) {
    y_ += kClauseGap;
    double keep = clause_heading_height(clause);
    if (!clause.controls.empty()) keep += first_control_height(clause.controls.front());
    if (y_ + keep > kBottom && !at_page_top()) next_page();
    clause_heading(clause);
    if (clause.controls.empty()) {
      y_ += 4;
      y_ += text(kMarginX + kPadX, y_, kContentWidth - 2 * kPadX, "この条に評価する統制はありません。", kNote);
    }
    for (const ReportControl& control : clause.controls) control_block(clause, control);
  }

  double control_heading_height(const ReportControl& control) {
    const double left = kContentWidth - kStatusWidth - kPadX;
    const double summary = height(control.summary, left, kControlSummary);
    const double id = height(control.id, left, kControlId);
    return std::max(summary + (summary > 0 && id > 0 ? 1 : 0) + id,
                    height(control.status_label, kStatusWidth - kPadX, kControlStatus)) +
           kPadY;
  }

  void control_heading(const ReportControl& control) {
    const double h = control_heading_height(control);
    if (drawing()) {
      const double left = kContentWidth - kStatusWidth - kPadX;
      const double summary = doc_.text(kMarginX + kPadX, y_, left, control.summary, kControlSummary);
      doc_.text(kMarginX + kPadX, y_ + summary + (summary > 0 ? 1 : 0), left, control.id, kControlId);
      doc_.text(kMarginX + kContentWidth - kStatusWidth, y_, kStatusWidth - kPadX, control.status_label,
                kControlStatus);
    }
    y_ += h;
  }

  // Where a clause continues on a new page, the page says which clause, and which control when
  // its findings are what continues.
  void clause_continued(const ReportClause& clause, std::string_view control_id) {
    std::string line = clause_name(clause) + "（続き）";
    if (!control_id.empty()) line.append("　").append(control_id);
    y_ += text(kMarginX, y_, kContentWidth, line, kSmall);
    y_ += 4;
  }

  void control_block(const ReportClause& clause, const ReportControl& control) {
    if (y_ + first_control_height(control) > kBottom && !at_page_top()) {
      next_page();
      clause_continued(clause, {});
    }
    y_ += kControlGap;
    control_heading(control);
    if (control.findings.empty()) return;
    findings_heading();
    for (const ReportFinding& finding : control.findings) {
      const double h = finding_height(finding);
      if (y_ + h > kBottom) {
        next_page();
        clause_continued(clause, control.id);
        findings_heading();
      }
      finding_row(finding, h);
      // The field bounds keep every row shorter than a page; were one taller, it would be
      // drawn past the page's foot.
      ITAKU_ASSERT(y_ <= kBottom + 0.5);
    }
  }

  double findings_heading_height() { return heading_row_height(kFindingColumns, kFindingHeading); }

  void findings_heading() { heading_row(kFindingColumns, kFindingHeading); }

  static const TextStyle& status_style(const ReportFinding& f) {
    return f.status == kViolated ? kFindingViolated : kFindingStatus;
  }

  // The reason column: the sentence, and under it small the ledger entries it rests on.
  double reason_height(const ReportFinding& f) {
    const double inner = kFindingColumns[3].width - 2 * kPadX;
    const double sentence = height(f.sentence, inner, kFinding);
    const double evidence = height(f.evidence, inner, kEvidence);
    return sentence + (sentence > 0 && evidence > 0 ? 2 : 0) + evidence;
  }

  double finding_height(const ReportFinding& f) {
    const double h =
        std::max({height(f.subject, kFindingColumns[0].width - 2 * kPadX, kFinding),
                  height(f.status_label, kFindingColumns[1].width - 2 * kPadX, status_style(f)),
                  height(dates_text(f), kFindingColumns[2].width - 2 * kPadX, kFinding), reason_height(f)});
    return h + 2 * kPadY;
  }

  void finding_row(const ReportFinding& f, double h) {
    if (drawing()) {
      std::array<double, 4> x{};
      x[0] = kMarginX;
      for (std::size_t c = 1; c < x.size(); ++c) x[c] = x[c - 1] + kFindingColumns[c - 1].width;
      if (f.status == kViolated) doc_.fill_rect(x[1], y_, kFindingColumns[1].width, h, kViolatedShade);
      doc_.text(x[0] + kPadX, y_ + kPadY, kFindingColumns[0].width - 2 * kPadX, f.subject, kFinding);
      doc_.text(x[1] + kPadX, y_ + kPadY, kFindingColumns[1].width - 2 * kPadX, f.status_label, status_style(f));
      doc_.text(x[2] + kPadX, y_ + kPadY, kFindingColumns[2].width - 2 * kPadX, dates_text(f), kFinding);
      const double inner = kFindingColumns[3].width - 2 * kPadX;
      const double sentence = doc_.text(x[3] + kPadX, y_ + kPadY, inner, f.sentence, kFinding);
      doc_.text(x[3] + kPadX, y_ + kPadY + sentence + (sentence > 0 ? 2 : 0), inner, f.evidence, kEvidence);
      for (std::size_t c = 0; c < x.size(); ++c) doc_.stroke_rect(x[c], y_, kFindingColumns[c].width, h);
    }
    y_ += h;
  }

  LedgerBlock ledger() const { return report_ledger_block(r_.ledger_index, r_.ledger_origin, r_.verify_url); }

  const ComplianceReport& r_;
};

}  // namespace

Result<std::string> render_compliance_report_pdf(const ComplianceReport& report) {
  TRY(validate(report));
  PdfDocument doc = TRY(PdfDocument::create(kA4WidthPt, kA4HeightPt));
  doc.set_info(InfoKey::Title, "情報セキュリティ遵守状況報告書 " + report.contract_number + " 台帳記録番号" +
                                   std::to_string(report.ledger_index));
  doc.set_info(InfoKey::Creator, "itaku");
  embed_payload(doc, kReport, report.payload);

  MeasureCache cache;
  const int pages = TRY(ReportPainter(doc, report, cache, ReportPainter::Mode::Measure, 0).paint());
  TRY(ReportPainter(doc, report, cache, ReportPainter::Mode::Draw, pages).paint());
  return doc.finish();
}

Result<std::string> extract_compliance_report_payload(std::string_view pdf) { return extract_payload(kReport, pdf); }

}  // namespace itaku::documents
