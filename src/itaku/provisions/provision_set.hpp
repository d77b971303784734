#pragma once
// Provision sets are data, not code: a TOML file lists a municipality's clauses (number as
// written, title, full Japanese text, English summary, paragraphs and items) and, per clause,
// the controls it requires, drawn from the fixed vocabulary in vocabulary.hpp. The format is
// documented in docs/PROVISIONS.md. Pure: parsing and linting do no I/O.

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "itaku/core/result.hpp"

namespace itaku::provisions {

// One numbered item of a paragraph: ⑴, (1), 一 … as written.
struct Item {
  std::string number;
  std::string text;
};

// One paragraph (項) of a clause. The first paragraph's number is "1" even where the text
// does not print it.
struct Paragraph {
  std::string number;
  std::string text;
  std::vector<Item> items;
};

// A control the clause requires, from the vocabulary, with its parameters and the part of
// the clause it cites ("第6-2", "第3条(2)"), and the decision conditions whose denials cite
// that part (vocabulary.hpp, citable_conditions): `conditions = ["location_registered"]`.
struct Control {
  std::string id;
  std::map<std::string, std::string> params;
  std::string cites;
  std::vector<std::string> conditions;
};

struct Clause {
  std::string number;      // as written: "第6", "第11条"
  std::string title;       // without brackets: 情報資産の持出し及び複写又は複製の禁止
  std::string summary_en;  // one or two sentences
  std::vector<Paragraph> paragraphs;
  std::vector<Control> controls;
};

struct ProvisionSet {
  std::string name;          // stable identifier: "nagano"
  std::string version;       // "2024-04"
  std::string municipality;  // 長野市
  std::string title;         // 情報セキュリティ要件
  std::string title_en;
  std::vector<Clause> clauses;
  std::string source;        // the TOML text it was parsed from
  std::string content_hash;  // lowercase hex SHA-256 of `source`
};

// One problem found by lint, with the 1-based line it is on (0 when it concerns the file).
struct LintMessage {
  int line = 0;
  std::string code;  // "provisions.unknown_control"
  std::string message_ja;
  std::string message_en;
};

// Parses and checks a set. On failure the error (code "provisions.invalid") carries the
// first message; lint() gives them all.
Result<ProvisionSet> parse_provision_set(std::string_view toml_text, std::string_view file_name = "");
// Every problem in the text, in line order; empty when the set is valid.
std::vector<LintMessage> lint_provision_set(std::string_view toml_text);

// The sets compiled into the binary from data/provisions/*.toml (Nagano, Kisarazu).
std::vector<ProvisionSet> builtin_sets();

// The clause with this number ("第6", "第11条"; full-width digits and spaces accepted), or nullptr.
const Clause* find_clause(const ProvisionSet& set, std::string_view number);

}  // namespace itaku::provisions
