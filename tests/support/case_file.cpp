#include "support/case_file.hpp"

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>

namespace itaku::testing {

CaseTexts read_case_files(const std::filesystem::path& folder) {
  CaseTexts out;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder))
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::set<std::string> names;
  for (const auto& path : files) {
    std::ifstream in(path);
    std::string text;
    int number = 0;
    std::optional<CaseText> current;
    auto finish = [&] {
      if (!current) return;
      if (!names.insert(current->file + " " + current->name).second)
        current->problems.push_back(std::to_string(current->line) + ": another case of the file has the same name");
      out.cases.push_back(std::move(*current));
      current.reset();
    };
    while (std::getline(in, text)) {
      ++number;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.starts_with("#")) continue;
      if (text.find_first_not_of(" \t") == std::string::npos) {
        finish();
        continue;
      }
      const auto space = text.find(' ');
      const auto key = text.substr(0, space);
      const auto value = space == std::string::npos ? std::string() : text.substr(space + 1);
      if (key == "case") {
        finish();
        current = CaseText{};
        current->file = path.filename().string();
        current->line = number;
        current->name = value;
        continue;
      }
      if (!current) {
        out.problems.push_back(path.filename().string() + ":" + std::to_string(number) + ": a line outside a case");
        continue;
      }
      current->lines.push_back({key, Line{number, value}});
    }
    finish();
  }
  return out;
}

}  // namespace itaku::testing
