#include "itaku/service/disposal_documents.hpp"

#include <gtest/gtest.h>

#include "itaku/domain/commands.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/document_files.hpp"
#include "service_fixture.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

constexpr const char* kNagano = "nagano-2026-001";
constexpr const char* kKisarazu = "kisarazu-2026-014";
constexpr const char* kBase = "https://itaku.example";

// The demo, with 乙 (しなの情報システム) having erased both of 長野市's assets it holds, witnessed,
// and drilled the disk of its laptop pc-21 on 木更津市's contract.
class DisposalDocumentsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    run(GrantRole{"p-kobayashi", kNagano, "city_officer"});
    run(GrantRole{"p-takahashi", kKisarazu, "city_officer"});
    run(DisposeAssets{kNagano,
                      "",
                      "shinano-is",
                      {"juminhyo-2026-04", "spec-v3"},
                      "erased",
                      "NIST SP 800-88 Purge（暗号化消去）",
                      "",
                      "p-sato",
                      "p-yamada",
                      "2026-09-20",
                      "",
                      ""});
    run(DestroyMedia{kKisarazu, "pc-21", {}, "穿孔（ドリル）", "p-tanaka", "p-sato", "2026-09-20", "", ""});
  }

  void run(const Command& command) {
    const auto done = service_->execute(command, Principal::system());
    ASSERT_TRUE(done.ok()) << done.error().describe();
  }

  Result<service::ReportFile> certificate(const std::string& who) {
    return service::disposal_certificate(*service_, kNagano, "d-0001", person(who), kBase);
  }
  std::uint64_t disposal_index() {
    return service_->read([](const State& s) { return s.contract(kNagano)->disposals.at("d-0001").ledger_index; });
  }
};

TEST_P(DisposalDocumentsTest, TheCertificateIsIssuedOnceAndEveryDownloadIsTheFileTheLedgerHolds) {
  const auto size = ledger_->size();
  const auto first = certificate("p-yamada");
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->media_type, "application/pdf");
  EXPECT_EQ(first->filename, "disposal-certificate-nagano-2026-001-d-0001.pdf");
  EXPECT_EQ(ledger_->size(), size + 1) << "the first download records the file";
  const auto recorded =
      service_->read([&](const State& s) { return *s.document_of("disposal_certificate", disposal_index()); });
  EXPECT_EQ(recorded.sha256, service::file_sha256(first->bytes));

  // The city reads the same bytes, and nothing more is recorded.
  const auto again = certificate("p-kobayashi");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->bytes, first->bytes);
  EXPECT_EQ(ledger_->size(), size + 1);

  // 丙 (善光寺データ) never reads 乙's act: it does not exist for them; nor does an unknown act.
  EXPECT_EQ(certificate("p-ito").error().code, "disposal.unknown");
  EXPECT_EQ(service::disposal_certificate(*service_, kNagano, "d-0009", person("p-yamada"), kBase).error().code,
            "disposal.unknown");
}

TEST_P(DisposalDocumentsTest, ThePublicCheckShowsWhatTheCertificatePrints) {
  const auto pdf = certificate("p-yamada");
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  const auto entry = ledger_->entry(disposal_index());
  ASSERT_TRUE(entry.ok());
  const auto link =
      service::entry_link("", service::kDisposalVerifyPath, "itaku disposal link\n", disposal_index(), *entry);
  const auto token = link.substr(link.find("&k=") + 3);
  const auto shown =
      service::public_disposal_document(*service_, service::kDisposalVerifyPath, disposal_index(), token);
  ASSERT_TRUE(shown.ok()) << shown.error().describe();
  ASSERT_TRUE(shown->certificate.has_value());
  EXPECT_EQ(shown->certificate->disposition, "消去");
  EXPECT_EQ(shown->certificate->clause, "長野市 第9-2");
  EXPECT_EQ(shown->certificate->addressee, "長野市長 様");
  EXPECT_EQ(shown->certificate->performed, "令和8年9月20日");
  EXPECT_NE(shown->certificate->witnessed_by.find("山田 太郎"), std::string::npos);
  ASSERT_EQ(shown->certificate->items.size(), 2u);
  EXPECT_EQ(shown->certificate->items[0].description, "住民基本台帳データ（2026年4月分）");
  ASSERT_TRUE(shown->document.has_value());
  EXPECT_EQ(shown->document->sha256, service::file_sha256(pdf->bytes));
  EXPECT_TRUE(documents::extract_disposal_certificate_payload(pdf->bytes).ok());

  // A wrong token, another index or the other kind's path shows nothing.
  EXPECT_EQ(service::public_disposal_document(*service_, service::kDisposalVerifyPath, disposal_index(),
                                              "0123456789abcdef0123456789abcdef")
                .error()
                .code,
            "disposal.unknown");
  EXPECT_EQ(service::public_disposal_document(*service_, service::kDestructionVerifyPath, disposal_index(), token)
                .error()
                .code,
            "disposal.unknown");
}

TEST_P(DisposalDocumentsTest, TheDestructionReportIsTheDevicesReadersAndCountsAsReported) {
  const auto report = service::destruction_report(*service_, kKisarazu, "pc-21", 1, person("p-yamada"), kBase);
  ASSERT_TRUE(report.ok()) << report.error().describe();
  EXPECT_TRUE(documents::extract_destruction_report_payload(report->bytes).ok());
  const auto destroyed = service_->read(
      [](const State& s) { return s.contract(kKisarazu)->devices.at("pc-21").destructions.front().ledger_index; });
  EXPECT_TRUE(
      service_->read([&](const State& s) { return s.document_of("destruction_report", destroyed) != nullptr; }));
  // The city reads it; a second destruction that does not exist is refused.
  EXPECT_TRUE(service::destruction_report(*service_, kKisarazu, "pc-21", 1, person("p-takahashi"), kBase).ok());
  EXPECT_EQ(service::destruction_report(*service_, kKisarazu, "pc-21", 2, person("p-yamada"), kBase).error().code,
            "media.destruction_unknown");
  // Another city's staff does not see 木更津市's contract.
  EXPECT_EQ(service::destruction_report(*service_, kKisarazu, "pc-21", 1, person("p-kobayashi"), kBase).error().code,
            "contract.unknown");
}

INSTANTIATE_TEST_SUITE_P(Backends, DisposalDocumentsTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
