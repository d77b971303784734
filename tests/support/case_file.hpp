#pragma once
// Reading the data-driven case files (tests/cases/*/*.txt): each case is a `case <name>` line
// followed by `<key> <value>` lines up to a blank line; lines starting with # are comments. What
// the keys mean is each runner's (the decision table, the command cases, the compliance cases).

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace itaku::testing {

// A line of a case file, kept with where it came from for the failure message.
struct Line {
  int number = 0;
  std::string text;
};

// One case as the file writes it: its `case` line and the `<key> <value>` lines up to the next
// blank line (lines starting with # are comments).
struct CaseText {
  std::string file;
  int line = 0;
  std::string name;
  std::vector<std::pair<std::string, Line>> lines;  // key, and the rest of the line
  std::vector<std::string> problems;                // "<line>: what is wrong"
  std::string where() const { return file + ":" + std::to_string(line) + " " + name; }
};
struct CaseTexts {
  std::vector<CaseText> cases;
  std::vector<std::string> problems;  // lines outside any case
};
// Every case of the .txt files of `folder`, files in name order. Two cases of a file with the
// same name are a problem of the second.
CaseTexts read_case_files(const std::filesystem::path& folder);

}  // namespace itaku::testing
