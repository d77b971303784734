#include "itaku/service/compliance_documents.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "itaku/documents/archive.hpp"
#include "itaku/domain/authorization.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/receipts.hpp"
#include "service_fixture.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

constexpr const char* kNagano = "nagano-2026-001";

// The demo, with 小林 (長野市) as the contract's auditor and the first hand-over's receipt issued.
class ComplianceDocumentsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    ASSERT_TRUE(service_->execute(GrantRole{"p-kobayashi", kNagano, "city_auditor"}, Principal::system()).ok());
    const auto receipt =
        service_->read([](const State& s) { return s.contract(kNagano)->transfers.at("t-0001").receipt_index; });
    ASSERT_TRUE(service::issue_receipt(*service_, receipt, "https://itaku.example", Actor::system()).ok());
    key_ = ledger_->verifier().to_string();
  }

  service::IssuedComplianceReport issue(const std::string& who) {
    auto issued =
        service::issue_compliance_report(*service_, kNagano, person(who), std::nullopt, "https://itaku.example");
    EXPECT_TRUE(issued.ok()) << issued.error().describe();
    return issued.ok() ? issued.release_value() : service::IssuedComplianceReport{};
  }

  std::string link_token_of(std::uint64_t index) {
    const auto link = service::compliance_report_link("", index, ledger_->entry(index).value());
    return link.substr(link.find("&k=") + 3);
  }

  std::string key_;
};

TEST_P(ComplianceDocumentsTest, AReportIsRecordedAndEveryDownloadIsTheFileTheLedgerHolds) {
  const auto issued = issue("p-kobayashi");
  ASSERT_GT(issued.index, 0u);
  EXPECT_TRUE(issued.pdf.starts_with("%PDF-"));
  EXPECT_TRUE(issued.csv.starts_with("\xEF\xBB\xBF"));
  EXPECT_TRUE(issued.xlsx.starts_with("PK"));
  const auto entry = nlohmann::json::parse(ledger_->entry(issued.index).value());
  EXPECT_EQ(entry["event"]["type"], "compliance.reported");
  EXPECT_EQ(entry["event"]["data"]["parties"], nlohmann::json::array());  // the whole contract
  ASSERT_EQ(entry["event"]["data"]["clauses"].size(), issued.report.clauses.size());
  for (std::size_t i = 0; i < issued.report.clauses.size(); ++i)
    EXPECT_EQ(entry["event"]["data"]["clauses"][i]["status"],
              std::string(compliance::to_string(issued.report.clauses[i].status)));
  // The PDF is a document.issued of the report; CSV and XLSX are named by the report itself.
  const auto pdf = service_->read([&](const State& s) { return *s.document_of("compliance_report", issued.index); });
  EXPECT_EQ(pdf.sha256, service::file_sha256(issued.pdf));
  for (const auto& [format, bytes] :
       {std::pair{"pdf", &issued.pdf}, std::pair{"csv", &issued.csv}, std::pair{"xlsx", &issued.xlsx}}) {
    const auto file = service::compliance_report_file(*service_, kNagano, issued.index, format, person("p-kobayashi"));
    ASSERT_TRUE(file.ok()) << format << ": " << file.error().describe();
    EXPECT_EQ(file->bytes, *bytes) << format;
  }
  EXPECT_EQ(
      service::compliance_report_file(*service_, kNagano, issued.index, "docx", person("p-kobayashi")).error().code,
      "compliance.report_unknown");
  // The public check shows what the ledger holds, only with the report's own link.
  const auto record = service::public_compliance_report(*service_, issued.index, link_token_of(issued.index));
  ASSERT_TRUE(record.ok()) << record.error().describe();
  EXPECT_EQ(record->contract_number, "長野市情政第2026-001号");
  ASSERT_EQ(record->clauses.size(), issued.report.clauses.size());
  EXPECT_FALSE(record->clauses.front().title.empty());
  EXPECT_EQ(record->files.size(), 3u);
  EXPECT_EQ(service::public_compliance_report(*service_, issued.index, "0123456789abcdef0123456789abcdef").error().code,
            "compliance.report_unknown");
  EXPECT_EQ(service::public_compliance_report(*service_, issued.index - 1, link_token_of(issued.index)).error().code,
            "compliance.report_unknown");
  expect_replay_matches();
}

TEST_P(ComplianceDocumentsTest, ASubcontractorsReportHoldsTheirOwnFindingsAndIsReadOnlyByThoseWhoMay) {
  // 伊藤 is responsible for 有限会社善光寺データ (丙): their report holds their party only.
  const auto theirs = issue("p-ito");
  const auto entry = nlohmann::json::parse(ledger_->entry(theirs.index).value());
  EXPECT_EQ(entry["event"]["data"]["parties"], nlohmann::json::array({"zenkoji-data"}));
  for (const auto& clause : theirs.report.clauses)
    for (const auto& control : clause.controls)
      for (const auto& finding : control.findings) EXPECT_EQ(finding.party, "zenkoji-data") << control.id;
  // The city reads it; the subcontractor may not read the city's report of the whole contract.
  EXPECT_TRUE(service::compliance_report_file(*service_, kNagano, theirs.index, "csv", person("p-kobayashi")).ok());
  const auto city = issue("p-kobayashi");
  EXPECT_EQ(service::compliance_report_file(*service_, kNagano, city.index, "pdf", person("p-ito")).error().code,
            "compliance.report_unknown");
  EXPECT_FALSE(service_->read(
      [&](const State& s) { return may_read_entry(s, person("p-ito"), ledger_->entry(city.index).value()); }));
  // Someone with no part in the contract sees neither.
  EXPECT_EQ(
      service::compliance_report_file(*service_, kNagano, theirs.index, "pdf", person("p-takahashi")).error().code,
      "compliance.report_unknown");
}

TEST_P(ComplianceDocumentsTest, TheEvidencePackageVerifiesOfflineAndNamesAFileChangedOrAdded) {
  const auto made = service::evidence_package(*service_, kNagano, person("p-kobayashi"), "https://itaku.example");
  ASSERT_TRUE(made.ok()) << made.error().describe();
  EXPECT_TRUE(made->filename.starts_with("itaku-evidence-nagano-2026-001-"));
  // Offline: only the bytes and the city's key.
  const auto verified = service::verify_evidence_package(made->zip, key_);
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->contract, kNagano);
  EXPECT_EQ(verified->excerpt.entries.size(), made->entries);
  std::vector<std::string> names;
  for (const auto& f : verified->files) names.push_back(f.name);
  for (const char* expected : {"compliance/report.pdf", "compliance/report.csv", "compliance/report.xlsx"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const auto& n) {
    return n.starts_with("documents/receipt-");
  })) << "the receipt issued for the contract is in the package";
  // Nothing about another contract or another person's sign-in is in the excerpt.
  for (const auto& e : verified->excerpt.entries) {
    const auto event = nlohmann::json::parse(e.entry)["event"];
    EXPECT_TRUE(event.value("contract", "") == kNagano || event["type"] == "provisions.imported") << e.entry;
  }

  auto members = documents::read_zip(made->zip).release_value();
  const auto rezip = [&](const std::vector<documents::ArchiveMember>& changed) {
    return documents::write_zip(changed, clock_.now()).release_value();
  };
  auto changed = members;
  for (auto& m : changed)
    if (m.name == "compliance/report.csv") m.bytes += "追記,1\r\n";
  auto refused = service::verify_evidence_package(rezip(changed), key_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "package.file_unrecorded");
  EXPECT_EQ(refused.error().context.at("file"), "compliance/report.csv");
  auto added = members;
  added.push_back({"documents/extra.pdf", "%PDF-1.4 not issued"});
  EXPECT_EQ(service::verify_evidence_package(rezip(added), key_).error().code, "package.file_unrecorded");
  auto without_excerpt = members;
  std::erase_if(without_excerpt, [](const auto& m) { return m.name == "ledger/excerpt.jsonl"; });
  EXPECT_EQ(service::verify_evidence_package(rezip(without_excerpt), key_).error().code, "package.malformed");
  auto other = ledger::create_signing_key(dir_.path() / "other", "other.test/ledger");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(service::verify_evidence_package(made->zip, other->verifier().to_string()).error().code,
            "ledger.key_mismatch");
}

TEST_P(ComplianceDocumentsTest, ASubcontractorsPackageHoldsOnlyWhatTheyMayRead) {
  const auto city = service::evidence_package(*service_, kNagano, person("p-kobayashi"), "https://itaku.example");
  const auto theirs = service::evidence_package(*service_, kNagano, person("p-ito"), "https://itaku.example");
  ASSERT_TRUE(city.ok() && theirs.ok());
  EXPECT_LT(theirs->entries, city->entries);
  const auto verified = service::verify_evidence_package(theirs->zip, key_).release_value();
  for (const auto& e : verified.excerpt.entries)
    EXPECT_TRUE(service_->read([&](const State& s) { return may_read_entry(s, person("p-ito"), e.entry); })) << e.entry;
  for (const auto& f : verified.files) EXPECT_FALSE(f.name.starts_with("documents/receipt-")) << f.name;
}

// What an evaluation keeps for the next (compliance::Memo: the register read once) is used only
// while nothing changed: a decision keeps it, a new asset makes the next evaluation read the
// register again, and a copy of the state never takes another state's.
TEST_P(ComplianceDocumentsTest, TheRegisterReadOnceIsReadAgainAfterEveryChangeButNotForADecision) {
  constexpr const char* kKisarazu = "kisarazu-2026-014";
  auto inventory = [&] {
    const auto report = service_->compliance(kKisarazu, Principal::system(), std::nullopt);
    EXPECT_TRUE(report.ok()) << report.error().describe();
    for (const auto& clause : report->clauses)
      for (const auto& control : clause.controls)
        if (control.id == "asset.inventory")
          for (const auto& f : control.findings)
            if (f.party == "shinano-is") return f.evidence.ja;
    return std::string("none");
  };
  auto add_asset = [&](const std::string& id) {
    ASSERT_TRUE(service_
                    ->execute(RegisterAsset{kKisarazu, id, "design", "税務システム設計書 " + id, "created", "", "紙",
                                            "1冊", "p-yamada", "本社 開発室"},
                              Principal::system())
                    .ok());
  };
  add_asset("design-1");
  EXPECT_NE(inventory().find("情報資産 1 件"), std::string::npos) << inventory();
  policy::Request read;
  read.contract = kKisarazu;
  read.person = "p-tanaka";
  read.action = Action::Read;
  read.asset = "design-1";
  read.location = "hq";
  read.purpose = kKisarazu;
  const auto before = service_->read([](const State& s) { return s.changed_index; });
  ASSERT_TRUE(service_->decide(std::vector{read}, Actor::system()).ok());
  EXPECT_EQ(service_->read([](const State& s) { return s.changed_index; }), before);
  EXPECT_NE(inventory().find("情報資産 1 件"), std::string::npos);
  add_asset("design-2");
  EXPECT_NE(inventory().find("情報資産 2 件"), std::string::npos) << inventory();

  service_->read([&](const State& s) {
    compliance::Memo memo;
    const compliance::AccessTally none;
    const auto with = compliance::evaluate(s, kKisarazu, none, clock_.now(), &memo);
    ASSERT_TRUE(with.ok());
    EXPECT_NE(memo.find(s, kKisarazu), nullptr);
    const State copy = s;
    EXPECT_EQ(memo.find(copy, kKisarazu), nullptr);
    const auto without = compliance::evaluate(copy, kKisarazu, none, clock_.now());
    ASSERT_TRUE(without.ok());
    EXPECT_EQ(compliance::to_json(*with), compliance::to_json(*without));
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, ComplianceDocumentsTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
