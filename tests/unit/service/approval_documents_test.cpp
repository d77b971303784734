#include "itaku/service/approval_documents.hpp"

#include <gtest/gtest.h>

#include "itaku/documents/approval_document.hpp"
#include "itaku/domain/commands.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/document_files.hpp"
#include "service_fixture.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

constexpr const char* kNagano = "nagano-2026-001";

// The demo with a take-out of 住民基本台帳データ asked for by 乙 (しなの情報システム) on 長野市's
// contract, whose officer 小林 is.
class ApprovalDocumentsTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    run(GrantRole{"p-kobayashi", kNagano, "city_officer"});
    run(RequestApproval{kNagano,
                        "",
                        "take_out",
                        "shinano-is",
                        "障害調査のため庁外の開発室で解析する",
                        {"juminhyo-2026-04"},
                        {},
                        {"p-suzuki"},
                        {"USB-012 暗号化USBメモリ"},
                        "本社 開発室（長野市南長野1-2-3）",
                        "2026-10-01",
                        "2026-10-31",
                        0,
                        {"暗号化", "施錠保管", "持出簿に記録"},
                        ""});
  }

  void run(const Command& command) {
    const auto done = service_->execute(command, Principal::system());
    ASSERT_TRUE(done.ok()) << done.error().describe();
  }

  Result<service::ReportFile> document(const std::string& who) {
    return service::approval_document(*service_, kNagano, "a-0001", person(who), "https://itaku.example");
  }
};

TEST_P(ApprovalDocumentsTest, TheApprovalDocumentIsIssuedOnceApprovedAndEveryDownloadIsTheFileTheLedgerHolds) {
  // Asked for, not decided: there is nothing to print yet.
  const auto early = document("p-yamada");
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, "approval.not_approved");

  run(DecideApproval{kNagano, "a-0001", ApprovalOutcome::Approved, "返却時に消去を確認すること", ""});
  const auto size = ledger_->size();
  const auto first = document("p-yamada");
  ASSERT_TRUE(first.ok()) << first.error().describe();
  EXPECT_EQ(first->media_type, "application/pdf");
  EXPECT_EQ(ledger_->size(), size + 1) << "the first download records the file";
  const auto decided =
      service_->read([](const State& s) { return s.contract(kNagano)->approvals.at("a-0001").decided_index; });
  const auto recorded = service_->read([&](const State& s) { return *s.document_of("approval", decided); });
  EXPECT_EQ(recorded.sha256, service::file_sha256(first->bytes));

  // The city reads the same bytes, and nothing more is recorded.
  const auto again = document("p-kobayashi");
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->bytes, first->bytes);
  EXPECT_EQ(ledger_->size(), size + 1);

  // 丙 (善光寺データ) never reads 乙's approval: it does not exist for them.
  const auto other = document("p-ito");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, "approval.unknown");
}

TEST_P(ApprovalDocumentsTest, ThePublicCheckShowsWhatThePaperPrintsAndWhereTheApprovalStandsNow) {
  run(DecideApproval{kNagano, "a-0001", ApprovalOutcome::Approved, "返却時に消去を確認すること", ""});
  const auto pdf = document("p-yamada");
  ASSERT_TRUE(pdf.ok()) << pdf.error().describe();
  const auto decided =
      service_->read([](const State& s) { return s.contract(kNagano)->approvals.at("a-0001").decided_index; });
  const auto path = service::approval_verify_path(*service_, decided);
  ASSERT_TRUE(path.ok());
  const auto token = path->substr(path->find("&k=") + 3);

  const auto shown = service::public_approval(*service_, decided, token);
  ASSERT_TRUE(shown.ok()) << shown.error().describe();
  EXPECT_EQ(shown->printed.action, "持ち出し");
  EXPECT_EQ(shown->printed.conditions, "返却時に消去を確認すること");
  EXPECT_EQ(shown->printed.clause, "長野市 第6-2");
  EXPECT_EQ(shown->printed.addressee, "株式会社しなの情報システム 様");
  bool period = false;
  for (const auto& [label, value] : shown->printed.rows)
    if (label == "期間") period = value == "令和8年10月1日から令和8年10月31日まで";
  EXPECT_TRUE(period);
  ASSERT_TRUE(shown->document.has_value());
  EXPECT_EQ(shown->document->sha256, service::file_sha256(pdf->bytes));
  // The paper carries the same lines: the payload inside is the proof of this very entry.
  EXPECT_TRUE(documents::extract_approval_payload(pdf->bytes).ok());

  // Revoked later: the paper still verifies, and the check says it no longer holds.
  run(RevokeApproval{kNagano, "a-0001", "持出簿の記録漏れ"});
  const auto revoked = service::public_approval(*service_, decided, token);
  ASSERT_TRUE(revoked.ok());
  EXPECT_NE(revoked->status_ja.find("取消し"), std::string::npos) << revoked->status_ja;
  EXPECT_NE(revoked->status_ja.find("持出簿の記録漏れ"), std::string::npos);

  // Another index or a wrong token shows nothing.
  EXPECT_EQ(service::public_approval(*service_, decided, "0123456789abcdef0123456789abcdef").error().code,
            "approval.unknown");
  EXPECT_EQ(service::public_approval(*service_, decided - 1, token).error().code, "approval.unknown");
}

INSTANTIATE_TEST_SUITE_P(Backends, ApprovalDocumentsTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
