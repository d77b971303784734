#include "itaku/documents/training_report.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <tuple>

#include "itaku/documents/pdf.hpp"
#include "itaku/documents/printed_document.hpp"

namespace itaku::documents {

namespace {

constexpr DocumentKind kTrainingReport{.code = "training_report",
                                       .name_ja = "教育の実施状況報告書",
                                       .name_en = "training report",
                                       .payload_prefix = "itaku-training-report-v1:",
                                       .max_payload_bytes = 256 * 1024};

// Field sizes, in bytes. The domain bounds names, titles, places and providers at 200
// characters, a contract's title at 300 and a course's outline at 2,000, and a character takes
// up to four bytes: the bounds take all of that. A cell too tall for a page is continued on the
// next, so no bound has to keep a row within one page.
constexpr std::size_t kMaxShortBytes = 100;   // dates, hours, periods, status labels
constexpr std::size_t kMaxFieldBytes = 1200;  // names, titles, places, the contract
constexpr std::size_t kMaxTextBytes = 8000;   // a course's outline, the classes it qualifies for
constexpr std::size_t kMaxLedgerBytes = 500;  // the origin, and the URL in the QR code
// A contract has a handful of courses, a few sessions a year and up to a few thousand workers.
// The bounds are well above that, and still bound the work of one report: every course, session
// and worker is a table row, twenty to forty to a page.
constexpr std::size_t kMaxCounts = 10;
constexpr std::size_t kMaxCourses = 2000;
constexpr std::size_t kMaxSessions = 20000;
constexpr std::size_t kMaxWorkers = 20000;

constexpr std::string_view kTitleText = "情報セキュリティ教育 実施状況報告書";
constexpr std::string_view kIntro =
    "下記の契約について、情報セキュリティに関する特記事項に基づき従事者に対して行った教育の内容及び"
    "実施状況を報告します。";
constexpr std::string_view kCountsHeading = "受講状況別の従事者数";
constexpr std::string_view kNone = "記録はありません";
constexpr std::string_view kPersons = "名";

constexpr TextStyle kTableHeading{.size_pt = 8.5, .weight = Weight::Bold, .align = Align::Center};
constexpr TextStyle kText{.size_pt = 9};
constexpr TextStyle kCentered{.size_pt = 9, .align = Align::Center};
// The workers' table has eight columns: a smaller size keeps a date on one line.
constexpr TextStyle kWorkerText{.size_pt = 8};
constexpr TextStyle kWorkerCentered{.size_pt = 8, .align = Align::Center};

constexpr double kSectionGap = 16;
constexpr double kHeadingGap = 6;
// A row too tall for any page starts where it is, unless less than this is left of the page.
constexpr double kMinSlice = 40;

// 1 教育の内容: 科目, 内容 (takes what the others leave), 実施者, 時間, 対象の区分, 有効期間.
constexpr double kCourseTitleWidth = 86;
constexpr double kProviderWidth = 72;
constexpr double kHoursWidth = 44;
constexpr double kClassesWidth = 76;
constexpr double kValidityWidth = 46;
constexpr std::array<TableColumn, 6> kCourseColumns{{
    {"科目", kCourseTitleWidth, kText},
    {"内容", kContentWidth - kCourseTitleWidth - kProviderWidth - kHoursWidth - kClassesWidth - kValidityWidth, kText},
    {"実施者", kProviderWidth, kText},
    {"時間", kHoursWidth, kCentered},
    {"対象の区分", kClassesWidth, kText},
    {"有効期間", kValidityWidth, kCentered},
}};

// 2 実施状況: 実施日, 科目 (takes what the others leave), 場所, 講師, 受講者数, 修了者数.
constexpr double kSessionDateWidth = 84;
constexpr double kPlaceWidth = 96;
constexpr double kInstructorWidth = 80;
constexpr double kNumberWidth = 46;
constexpr std::array<TableColumn, 6> kSessionColumns{{
    {"実施日", kSessionDateWidth, kText},
    {"科目", kContentWidth - kSessionDateWidth - kPlaceWidth - kInstructorWidth - 2 * kNumberWidth, kText},
    {"場所", kPlaceWidth, kText},
    {"講師", kInstructorWidth, kText},
    {"受講者数", kNumberWidth, kCentered},
    {"修了者数", kNumberWidth, kCentered},
}};

// 3 従事者ごとの状況: 氏名, 所属 (takes what the others leave), 役割, 最終受講日, 有効期限, 状況,
// 特記事項の確認, 誓約書等.
constexpr double kNameWidth = 58;
constexpr double kRoleWidth = 50;
constexpr double kWorkerDateWidth = 72;
constexpr double kStatusWidth = 58;
constexpr double kSignedWidth = 48;
constexpr std::array<TableColumn, 8> kWorkerColumns{{
    {"氏名", kNameWidth, kWorkerText},
    {"所属", kContentWidth - kNameWidth - kRoleWidth - 2 * kWorkerDateWidth - kStatusWidth - 2 * kSignedWidth,
     kWorkerText},
    {"役割", kRoleWidth, kWorkerText},
    {"最終受講日", kWorkerDateWidth, kWorkerText},
    {"有効期限", kWorkerDateWidth, kWorkerText},
    {"状況", kStatusWidth, kWorkerCentered},
    {"特記事項の確認", kSignedWidth, kWorkerText},
    {"誓約書等", kSignedWidth, kWorkerText},
}};

// --- Validation ---

Result<void> check(std::string_view value, const std::string& field, std::size_t max_bytes) {
  return check_field(kTrainingReport, value, field, max_bytes);
}

Result<void> validate_course(const TrainingReportCourse& c, const std::string& at) {
  TRY(check(c.title, at + ".title", kMaxFieldBytes));
  TRY(check(c.outline, at + ".outline", kMaxTextBytes));
  TRY(check(c.provider, at + ".provider", kMaxFieldBytes));
  TRY(check(c.hours, at + ".hours", kMaxShortBytes));
  TRY(check(c.classes, at + ".classes", kMaxTextBytes));
  TRY(check(c.validity, at + ".validity", kMaxShortBytes));
  return ok();
}

Result<void> validate_session(const TrainingReportSession& s, const std::string& at) {
  TRY(check(s.date, at + ".date", kMaxShortBytes));
  TRY(check(s.course, at + ".course", kMaxFieldBytes));
  TRY(check(s.place, at + ".place", kMaxFieldBytes));
  TRY(check(s.instructor, at + ".instructor", kMaxFieldBytes));
  return ok();
}

Result<void> validate_worker(const TrainingReportWorker& w, const std::string& at) {
  TRY(check(w.name, at + ".name", kMaxFieldBytes));
  TRY(check(w.organisation, at + ".organisation", kMaxFieldBytes));
  TRY(check(w.role, at + ".role", kMaxFieldBytes));
  TRY(check(w.last_trained, at + ".last_trained", kMaxShortBytes));
  TRY(check(w.valid_until, at + ".valid_until", kMaxShortBytes));
  TRY(check(w.training_status, at + ".training_status", kMaxShortBytes));
  TRY(check(w.acknowledgement, at + ".acknowledgement", kMaxFieldBytes));
  TRY(check(w.pledge, at + ".pledge", kMaxFieldBytes));
  return ok();
}

// Each list in turn: refused whole when longer than its bound, else item by item.
template <class Item>
Result<void> validate_list(const std::vector<Item>& items, std::string_view name, std::string_view name_ja,
                           std::size_t max, Result<void> (*validate_item)(const Item&, const std::string&)) {
  if (items.size() > max)
    return too_many("training_report.too_many_" + std::string(name),
                    "教育の実施状況報告書の" + std::string(name_ja) + "が多すぎます",
                    "the training report has too many " + std::string(name), max)
        .with("field", std::string(name));
  for (std::size_t i = 0; i < items.size(); ++i)
    TRY(validate_item(items[i], std::string(name) + "[" + std::to_string(i) + "]"));
  return ok();
}

Result<void> validate(const TrainingReport& r) {
  TRY(check_payload(kTrainingReport, r.payload));
  const std::array<std::tuple<const std::string*, const char*, std::size_t>, 10> fields{{
      {&r.city, "city", kMaxFieldBytes},
      {&r.contract_number, "contract_number", kMaxFieldBytes},
      {&r.contract_title, "contract_title", kMaxFieldBytes},
      {&r.provisions, "provisions", kMaxFieldBytes},
      {&r.party, "party", kMaxFieldBytes},
      {&r.as_of, "as_of", kMaxShortBytes},
      {&r.issued_at, "issued_at", kMaxShortBytes},
      {&r.issued_by, "issued_by", kMaxFieldBytes},
      {&r.ledger_origin, "ledger_origin", kMaxLedgerBytes},
      {&r.verify_url, "verify_url", kMaxLedgerBytes},
  }};
  for (const auto& [value, name, max] : fields) TRY(check(*value, name, max));
  if (r.counts.size() > kMaxCounts)
    return too_many("training_report.too_many_counts", "教育の実施状況報告書の状況別の人数が多すぎます",
                    "the training report has too many counts by status", kMaxCounts)
        .with("field", "counts");
  for (std::size_t i = 0; i < r.counts.size(); ++i)
    TRY(check(r.counts[i].first, "counts[" + std::to_string(i) + "]", kMaxShortBytes));
  TRY(validate_list(r.courses, "courses", "科目", kMaxCourses, &validate_course));
  TRY(validate_list(r.sessions, "sessions", "実施回", kMaxSessions, &validate_session));
  TRY(validate_list(r.workers, "workers", "従事者", kMaxWorkers, &validate_worker));
  return ok();
}

// --- Layout ---

std::array<std::string, 6> course_cells(const TrainingReportCourse& c) {
  return {c.title, c.outline, c.provider, c.hours, c.classes, c.validity};
}

std::array<std::string, 6> session_cells(const TrainingReportSession& s) {
  return {s.date, s.course, s.place, s.instructor, std::to_string(s.attended), std::to_string(s.passed)};
}

std::array<std::string, 8> worker_cells(const TrainingReportWorker& w) {
  return {w.name,  w.organisation, w.role, w.last_trained, w.valid_until, w.training_status, w.acknowledgement,
          w.pledge};
}

template <std::size_t N>
std::array<std::string_view, N> views(const std::array<std::string, N>& cells) {
  std::array<std::string_view, N> out;
  std::copy(cells.begin(), cells.end(), out.begin());
  return out;
}

// The report laid out on pages: title, contract, counts, the three tables, ledger block.
class TrainingReportPainter final : public PagePainter {
 public:
  TrainingReportPainter(PdfDocument& doc, const TrainingReport& report, MeasureCache& cache, Mode mode, int total_pages)
      : PagePainter(doc, mode, total_pages, &cache), r_(report) {}

  // Returns the number of pages used.
  Result<int> paint() {
    first_page_header();
    counts();
    section("1　教育の内容", kCourseColumns, r_.courses, course_cells);
    section("2　実施状況", kSessionColumns, r_.sessions, session_cells);
    section("3　従事者ごとの状況", kWorkerColumns, r_.workers, worker_cells);
    y_ += 14;
    return end_with_ledger_block(ledger());
  }

 private:
  void first_page_header() {
    y_ = kTop;
    y_ += text(kMarginX, y_, kContentWidth, kTitleText, kTitle);
    y_ += 18;
    y_ += text(kMarginX, y_, kContentWidth, kIntro, kBody);
    y_ += 10;
    const std::array<std::pair<std::string_view, const std::string*>, 8> rows{{
        {"契約番号", &r_.contract_number},
        {"件名", &r_.contract_title},
        {"発注者", &r_.city},
        {"対象", &r_.party},
        {"特記事項", &r_.provisions},
        {"時点", &r_.as_of},
        {"発行日", &r_.issued_at},
        {"発行者", &r_.issued_by},
    }};
    for (const auto& [label, value] : rows)
      if (!value->empty()) label_row(label, *value);
  }

  // Continued pages say whose report they continue.
  std::string continuation_text() const {
    std::string heading = std::string(kTitleText) + "（続き）　契約番号 " + r_.contract_number;
    if (!r_.as_of.empty()) heading += "　" + r_.as_of;
    return heading;
  }

  void continuation_header() override {
    y_ += text(kMarginX, y_, kContentWidth, continuation_text(), kSmall);
    y_ += 8;
  }

  // 受講状況別の従事者数: one column per training status, its label over the number of workers.
  void counts() {
    if (r_.counts.empty()) return;
    y_ += 14;
    const double heading = height(kCountsHeading, kContentWidth, kSectionHeading) + kHeadingGap;
    if (y_ + heading + counts_table_height(r_.counts, kPersons) > kBottom) next_page();
    y_ += text(kMarginX, y_, kContentWidth, kCountsHeading, kSectionHeading) + kHeadingGap;
    counts_table(r_.counts, kPersons);
  }

  // --- A section: its heading, then its table ---

  template <class Item, std::size_t N, class CellsOf>
  void section(std::string_view title, const std::array<TableColumn, N>& columns, const std::vector<Item>& items,
               CellsOf cells_of) {
    y_ += kSectionGap;
    // A heading is never left at a page's foot without the first thing under it.
    double keep = height(title, kContentWidth, kSectionHeading) + kHeadingGap;
    if (items.empty())
      keep += height(kNone, kContentWidth - 2 * kPadX, kNote);
    else
      keep += heading_row_height(columns, kTableHeading) +
              row_keep(title, columns, row_height(columns, views(cells_of(items.front()))));
    if (y_ + keep > kBottom && !at_page_top()) next_page();
    y_ += text(kMarginX, y_, kContentWidth, title, kSectionHeading) + kHeadingGap;
    if (items.empty()) {
      y_ += text(kMarginX + kPadX, y_, kContentWidth - 2 * kPadX, kNone, kNote);
      return;
    }
    heading_row(columns, kTableHeading);
    for (const Item& item : items) {
      const std::array<std::string, N> cells = cells_of(item);
      std::array<std::string_view, N> shown = views(cells);
      table_row(title, columns, shown);
    }
  }

  static std::string continued(std::string_view title) { return std::string(title) + "（続き）"; }

  // Where a table's rows start on a continued page.
  double continued_top(std::string_view title, std::span<const TableColumn> columns) {
    return kTop + height(continuation_text(), kContentWidth, kSmall) + 8 +
           height(continued(title), kContentWidth, kSmall) + 4 + heading_row_height(columns, kTableHeading);
  }

  void continue_table(std::string_view title, std::span<const TableColumn> columns) {
    next_page();
    y_ += text(kMarginX, y_, kContentWidth, continued(title), kSmall) + 4;
    heading_row(columns, kTableHeading);
  }

  // How much of a row of height `h` must fit where it starts: all of it, unless it is taller
  // than a continued page holds.
  double row_keep(std::string_view title, std::span<const TableColumn> columns, double h) {
    return h <= kBottom - continued_top(title, columns) ? h : kMinSlice;
  }

  // A row goes on this page when it fits, else on the next under the heading row repeated. A
  // row taller than any page fills what is left of this one, and its cells go on where they
  // were cut on the next.
  void table_row(std::string_view title, std::span<const TableColumn> columns, std::span<std::string_view> cells) {
    double h = row_height(columns, cells);
    if (y_ + h > kBottom && y_ + row_keep(title, columns, h) > kBottom) continue_table(title, columns);
    while (y_ + h > kBottom) {
      const double inner = kBottom - y_ - 2 * kPadY;
      std::vector<std::string_view> piece(cells.size());
      for (std::size_t c = 0; c < cells.size(); ++c)
        std::tie(piece[c], cells[c]) = split_at_height(cells[c], columns[c].width - 2 * kPadX, columns[c].cell, inner);
      row(columns, piece, kBottom - y_);
      continue_table(title, columns);
      h = row_height(columns, cells);
    }
    row(columns, cells, h);
    ITAKU_ASSERT(y_ <= kBottom + 0.5);
  }

  // The longest start of `s`, cut between characters, that is no taller than `max_height`,
  // and the rest. The height of a start grows with its length, so bisection finds it.
  std::pair<std::string_view, std::string_view> split_at_height(std::string_view s, double width,
                                                                const TextStyle& style, double max_height) {
    if (height(s, width, style) <= max_height) return {s, {}};
    std::vector<std::size_t> cuts{0};  // where each character starts (s is UTF-8)
    for (std::size_t i = 1; i < s.size(); ++i)
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) cuts.push_back(i);
    std::size_t fits = 0;                // the empty start fits
    std::size_t too_tall = cuts.size();  // the whole text does not
    while (too_tall - fits > 1) {
      const std::size_t mid = fits + (too_tall - fits) / 2;
      if (height(s.substr(0, cuts[mid]), width, style) <= max_height)
        fits = mid;
      else
        too_tall = mid;
    }
    std::string_view rest = s.substr(cuts[fits]);
    if (rest.starts_with('\n')) rest.remove_prefix(1);
    return {s.substr(0, cuts[fits]), rest};
  }

  LedgerBlock ledger() const { return report_ledger_block(r_.ledger_index, r_.ledger_origin, r_.verify_url); }

  const TrainingReport& r_;
};

}  // namespace

Result<std::string> render_training_report_pdf(const TrainingReport& report) {
  TRY(validate(report));
  PdfDocument doc = TRY(PdfDocument::create(kA4WidthPt, kA4HeightPt));
  doc.set_info(InfoKey::Title, std::string(kTitleText) + " " + report.contract_number + " 台帳記録番号" +
                                   std::to_string(report.ledger_index));
  doc.set_info(InfoKey::Creator, "itaku");
  embed_payload(doc, kTrainingReport, report.payload);

  MeasureCache cache;
  const int pages = TRY(TrainingReportPainter(doc, report, cache, TrainingReportPainter::Mode::Measure, 0).paint());
  TRY(TrainingReportPainter(doc, report, cache, TrainingReportPainter::Mode::Draw, pages).paint());
  return doc.finish();
}

Result<std::string> extract_training_report_payload(std::string_view pdf) {
  return extract_payload(kTrainingReport, pdf);
}

}  // namespace itaku::documents
