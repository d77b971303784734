// Attendance exported by e-learning systems (長野市 第4): CSV read line by line into rows of
// training.import_attendance, each checked by the command's own rule (check_attendance) so that
// the preview shows every bad line before anything is recorded. Reading a file refuses nothing
// of a command: its errors are the file's (training.file_invalid) and the lines'.

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "itaku/domain/training.hpp"

namespace itaku::domain {

namespace {

// The bounds of an attendance file, checked while it is read.
constexpr std::size_t kRowsMax = 10'000;
constexpr std::size_t kFileMax = 2 * 1024 * 1024;
constexpr std::size_t kFieldMax = 256;

Error file_invalid(std::string ja, std::string en) {
  return make_error(ErrorKind::Invalid, "training.file_invalid", std::move(ja), std::move(en)).with("field", "file");
}

// RFC 4180 records, bounded as they are read.
Result<std::vector<std::vector<std::string>>> csv_records(std::string_view text) {
  if (text.size() > kFileMax) return file_invalid("ファイルは2MiBまでです", "the file is larger than 2 MiB");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false, was_quoted = false;
  auto end_field = [&]() -> Result<void> {
    if (schema::code_points(field) > kFieldMax)
      return file_invalid(fmt::format("{}行目: 項目が長すぎます（{}文字まで）", records.size() + 1, kFieldMax),
                          fmt::format("line {}: a field is longer than {} characters", records.size() + 1, kFieldMax));
    record.push_back(std::move(field));
    field.clear();
    was_quoted = false;
    return ok();
  };
  auto end_record = [&]() -> Result<void> {
    TRY(end_field());
    const bool blank = record.size() == 1 && record.front().empty();
    if (!blank) records.push_back(std::move(record));
    record.clear();
    if (records.size() > kRowsMax + 1)
      return file_invalid(fmt::format("受講記録は一度に{}件までです", kRowsMax),
                          fmt::format("at most {} attendance rows at once", kRowsMax));
    return ok();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      TRY(end_field());
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      TRY(end_record());
    } else {
      field += c;
    }
  }
  if (quoted) return file_invalid("引用符（\"）が閉じられていません", "a quoted field is not closed");
  if (!field.empty() || !record.empty()) TRY(end_record());
  return records;
}

std::string lower(std::string text) {
  for (auto& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return text;
}

std::optional<std::size_t> column(const std::vector<std::string>& header,
                                  std::initializer_list<std::string_view> names) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    const auto name = lower(header[i]);
    for (auto n : names)
      if (name == n) return i;
  }
  return std::nullopt;
}

std::optional<bool> passed_value(const std::string& text) {
  const auto v = lower(text);
  for (std::string_view yes : {"true", "yes", "1", "passed", "pass", "合格", "修了", "済", "完了"})
    if (v == yes) return true;
  for (std::string_view no : {"false", "no", "0", "failed", "fail", "不合格", "未修了", "未完了", "未"})
    if (v == no) return false;
  return std::nullopt;
}

}  // namespace

Result<std::vector<AttendanceLine>> read_attendance_csv(const State& state, const Contract& contract,
                                                        std::string_view text, const std::string& today) {
  return read_attendance_table(state, contract, TRY(csv_records(text)), today);
}

Result<std::vector<AttendanceLine>> read_attendance_table(const State& state, const Contract& contract,
                                                          const std::vector<std::vector<std::string>>& records,
                                                          const std::string& today, const SerialDate& serial_date) {
  // A table read elsewhere (a workbook) is held to the bounds a CSV file is read with.
  if (records.size() > kRowsMax + 1)
    return file_invalid(fmt::format("受講記録は一度に{}件までです", kRowsMax),
                        fmt::format("at most {} attendance rows at once", kRowsMax));
  for (std::size_t r = 0; r < records.size(); ++r)
    for (const auto& field : records[r])
      if (schema::code_points(field) > kFieldMax)
        return file_invalid(fmt::format("{}行目: 項目が長すぎます（{}文字まで）", r + 1, kFieldMax),
                            fmt::format("line {}: a field is longer than {} characters", r + 1, kFieldMax));
  if (records.empty()) return file_invalid("ファイルが空です", "the file is empty");
  const auto& header = records.front();
  const auto person = column(header, {"person", "person_id", "id", "人のid", "受講者id", "社員id"});
  const auto email = column(header, {"email", "e-mail", "mail", "メールアドレス", "メール"});
  const auto completed = column(header, {"completed", "completed_on", "date", "修了日", "受講日", "完了日"});
  const auto passed = column(header, {"passed", "result", "合否", "結果", "修了"});
  const auto certificate = column(header, {"certificate_sha256", "sha256", "修了証sha256", "修了証のsha-256"});
  if ((!person && !email) || !completed)
    return file_invalid("1行目に受講者（person 又は email）と修了日（completed）の列名が必要です",
                        "the first line names the columns: the person (person or email) and the day completed "
                        "(completed)");
  // E-mail addresses of the people of the contract's parties, compared without case.
  std::map<std::string, std::string> by_email;
  for (const auto& [id, p] : state.people)
    if (!p.email.empty() && contract.party(p.organisation)) by_email.emplace(lower(p.email), id);

  std::vector<AttendanceLine> lines;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& fields = records[r];
    auto at = [&](std::optional<std::size_t> i) { return i && *i < fields.size() ? fields[*i] : std::string(); };
    AttendanceLine line;
    line.line = r + 1;
    line.who = person ? at(person) : at(email);
    if (person && !at(person).empty()) {
      line.row.person = at(person);
    } else if (email) {
      line.who = at(email);
      const auto found = by_email.find(lower(at(email)));
      if (found != by_email.end()) line.row.person = found->second;
    }
    line.row.completed = at(completed);
    // A spreadsheet keeps a date as a day number unless it was typed as text.
    if (serial_date && !parse_date(line.row.completed))
      if (auto date = serial_date(line.row.completed)) line.row.completed = std::move(*date);
    line.row.certificate_sha256 = lower(at(certificate));
    const auto result = at(passed);
    const auto passed_read = result.empty() ? std::optional<bool>(true) : passed_value(result);
    line.row.passed = passed_read.value_or(false);
    if (line.row.person.empty()) {
      line.error = make_error(ErrorKind::NotFound, "person.unknown", "契約の当事者にこの受講者はいません",
                              "no person of the contract's parties is named so")
                       .with("id", line.who);
    } else if (!passed_read) {
      line.error = make_error(ErrorKind::Invalid, "training.result_invalid",
                              "合否は 合格/不合格、true/false などで書いてください",
                              "write the result as passed/failed, true/false, yes/no")
                       .with("value", result);
    } else if (auto checked = check_attendance(state, contract, line.row, today); !checked) {
      line.error = checked.release_error();
    }
    lines.push_back(std::move(line));
  }
  if (lines.empty()) return file_invalid("受講記録の行がありません", "the file has no attendance lines");
  return lines;
}

}  // namespace itaku::domain
