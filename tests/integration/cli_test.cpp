// The itaku command as a user runs it: exit codes, what it prints, and what it leaves on disk.

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "itaku/auth/totp.hpp"
#include "itaku/core/bytes.hpp"
#include "itaku/core/clock.hpp"
#include "itaku/storage/database.hpp"
#include "server_process.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

// The itaku command as a user runs it (server_process.hpp).
CommandRun itaku(const std::string& args) { return try_itaku(args); }

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = "--data-dir " + dir_.path().string();
    auto init = itaku(data_ + " init --origin cli.test/ledger");
    ASSERT_EQ(init.exit_code, 0) << init.output;
    ASSERT_NE(init.output.find("cli.test/ledger+"), std::string::npos) << init.output;
  }
  TempDir dir_;
  std::string data_;
};

TEST_F(CliTest, InitCreatesAPrivateKeyAndIsIdempotent) {
  struct stat st {};
  ASSERT_EQ(stat((dir_.path() / "keys" / "ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = itaku(data_ + " init");
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("already initialised"), std::string::npos);
}

TEST_F(CliTest, TheDataDirectoryAndEverythingInItAreTheOwnersAlone) {
  // The database holds personal data, password hashes and CSRF secrets.
  const auto fresh = dir_.path() / "fresh";
  const auto data = "--data-dir " + fresh.string();
  ASSERT_EQ(itaku(data + " init --origin cli.test/private").exit_code, 0);
  ASSERT_EQ(itaku(data + " org add --id town --kind city --name 町").exit_code, 0);
  struct stat st {};
  ASSERT_EQ(stat(fresh.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fresh)) {
    ASSERT_EQ(stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0u) << entry.path() << " is readable by others";
  }
  EXPECT_TRUE(std::filesystem::exists(fresh / "itaku.db"));
}

TEST_F(CliTest, ControlCharactersAreRefusedAsInputAndShownNotObeyedAsOutput) {
  // A name carrying a terminal escape is refused wherever it comes from…
  auto refused = itaku(data_ + " org add --id town --kind city --name \"$(printf 'Town\\033[2J')\"");
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("input.bad_characters"), std::string::npos) << refused.output;
  // …and text the CLI prints that someone else chose (here an id echoed in an error) reaches
  // the terminal as \u{…}, never as the control character itself.
  auto shown = itaku(data_ + " person show \"$(printf 'x\\033[2J\\a\\342\\200\\256y')\"");
  EXPECT_EQ(shown.exit_code, 4) << shown.output;
  EXPECT_EQ(shown.output.find('\x1b'), std::string::npos) << shown.output;
  EXPECT_EQ(shown.output.find('\a'), std::string::npos) << shown.output;
  EXPECT_EQ(shown.output.find("\xE2\x80\xAE"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("x\\u{001B}[2J\\u{0007}\\u{202E}y"), std::string::npos) << shown.output;
}

TEST_F(CliTest, VerifyAcceptsAFreshLedgerAndPrintsItsKey) {
  auto key = itaku(data_ + " ledger key");
  ASSERT_EQ(key.exit_code, 0);
  auto verify = itaku(data_ + " ledger verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("verified OK"), std::string::npos);
  EXPECT_NE(verify.output.find(key.output.substr(0, key.output.size() - 1)), std::string::npos);
  // The global options may also follow the command.
  auto after = itaku("ledger verify " + data_);
  EXPECT_EQ(after.exit_code, 0) << after.output;
  EXPECT_NE(after.output.find("verified OK"), std::string::npos);
}

TEST_F(CliTest, VerifyExitsWithEightAndNamesTheEditedEntry) {
  {
    auto database = storage::open_database("sqlite:" + (dir_.path() / "itaku.db").string()).release_value();
    auto tx = database->begin(storage::TransactionMode::Write).release_value();
    ASSERT_TRUE(
        tx->execute("UPDATE ledger_entries SET entry = CAST('{\"event\":{},\"seq\":0}' AS BLOB) WHERE seq = 0").ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto verify = itaku(data_ + " ledger verify");
  EXPECT_EQ(verify.exit_code, 8) << verify.output;
  EXPECT_NE(verify.output.find("index=0"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("改ざんを検出しました"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("first bad index: 0"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("ledger.entry_edited"), std::string::npos) << verify.output;
}

TEST_F(CliTest, AnExportedBundleVerifiesWithoutTheDatabase) {
  const auto bundle = (dir_.path() / "export.bundle").string();
  auto exported = itaku(data_ + " ledger export " + bundle);
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  auto key = itaku(data_ + " ledger key").output;
  key.pop_back();
  std::filesystem::remove(dir_.path() / "itaku.db");
  auto verify = itaku("--data-dir /nonexistent ledger verify --bundle " + bundle + " --key " + key);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  auto wrong = itaku("ledger verify --bundle " + bundle + " --key other+01020304+AQID");
  EXPECT_NE(wrong.exit_code, 0) << wrong.output;
}

TEST_F(CliTest, ProofsPrintDocumentedJsonThatVerifies) {
  auto proof = itaku(data_ + " ledger proof inclusion 0");
  ASSERT_EQ(proof.exit_code, 0) << proof.output;
  auto doc = nlohmann::json::parse(proof.output);
  EXPECT_EQ(doc["type"], "inclusion");
  EXPECT_EQ(doc["leaf_index"], 0);
  const auto file = dir_.path() / "proof.json";
  std::ofstream(file) << proof.output;
  auto verified = itaku(data_ + " ledger proof verify " + file.string());
  EXPECT_EQ(verified.exit_code, 0) << verified.output;

  auto consistency = itaku(data_ + " ledger proof consistency 1 1");
  EXPECT_EQ(consistency.exit_code, 0) << consistency.output;
  auto beyond = itaku(data_ + " ledger proof inclusion 5");
  EXPECT_EQ(beyond.exit_code, 4) << beyond.output;
}

TEST_F(CliTest, UsageErrorsExitWithTwoAndHelpDocumentsExitCodes) {
  EXPECT_EQ(itaku("ledger frobnicate").exit_code, 2);
  EXPECT_EQ(itaku(data_ + " ledger proof inclusion notanumber").exit_code, 2);
  auto help = itaku("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("8  verification failed"), std::string::npos) << help.output;
}

TEST_F(CliTest, ACommandsOptionsAndHelpAreItsDeclarationsMembers) {
  // person.register's members, labelled in both languages, with the short name people use.
  auto help = itaku("person add --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("--organisation,--org"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("氏名 / Name"), std::string::npos) << help.output;
  EXPECT_NE(help.output.find("メールアドレス / E-mail address — 通知の送り先"), std::string::npos) << help.output;
  // A required member left out is a usage error; a bound the declaration gives is the rules'.
  EXPECT_EQ(itaku(data_ + " person add --id p-x --org nagano-city").exit_code, 2);
  ASSERT_EQ(itaku(data_ + " init").exit_code, 0);
  ASSERT_EQ(itaku(data_ + " org add --id town --kind city --name 町").exit_code, 0);
  auto too_long = itaku(data_ + " person add --id p-x --org town --name " + std::string(201, 'x'));
  EXPECT_EQ(too_long.exit_code, 3) << too_long.output;
  EXPECT_NE(too_long.output.find("field.too_long"), std::string::npos) << too_long.output;
  EXPECT_EQ(itaku(data_ + " person add --id p-x --org town --name " + std::string(200, 'x')).exit_code, 0);
}

TEST_F(CliTest, BadgesAreIssuedListedAndReturnedFromTheCommandLine) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  auto issued = itaku(data_ + " badge issue nagano-2026-001 --number KB-9 --person p-suzuki --issued 2026-05-01" +
                      " --expires 2027-03-31");
  ASSERT_EQ(issued.exit_code, 0) << issued.output;
  auto listed = itaku(data_ + " badge list nagano-2026-001");
  EXPECT_NE(listed.output.find("KB-9\t鈴木 一郎\tshinano-is\t2026-05-01〜2027-03-31\t貸与中"), std::string::npos)
      << listed.output;
  // Not on 乙's roster: refused with the clause, nothing recorded.
  auto refused = itaku(data_ + " badge issue nagano-2026-001 --number KB-10 --person p-kobayashi --issued 2026-05-01" +
                       " --expires 2027-03-31");
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("badge.person_not_on_roster"), std::string::npos) << refused.output;
  EXPECT_EQ(itaku(data_ + " badge return nagano-2026-001 KB-9").exit_code, 0);
  EXPECT_EQ(itaku(data_ + " badge return nagano-2026-001 KB-9").exit_code, 5);  // already back
  EXPECT_NE(itaku(data_ + " badge list nagano-2026-001").output.find("返却済"), std::string::npos);
  EXPECT_EQ(itaku(data_ + " replay --check").exit_code, 0);
}

// The city's written approval from the command line (長野市 第6): the contractor asks for two
// copies, the city approves with a condition, the decisions allow two copies and deny the third
// with the clause, and `approval show` lists the decisions the approval allowed.
TEST_F(CliTest, AnApprovalIsAskedDecidedUsedAndShownFromTheCommandLine) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  // 田中 may use the 設計書 (spec-v3, from the city) on 木更津市's contract, where copying needs
  // the city's approval (第3条(2)).
  auto asked = itaku(data_ +
                     " --as p-yamada approval request kisarazu-2026-014 --type copy --purpose 差分確認のため複写する"
                     " --classes 設計書 --people p-tanaka --from 2026-06-01 --until 2027-02-28 --copies 2"
                     " --measures 施錠保管");
  ASSERT_EQ(asked.exit_code, 0) << asked.output;
  // Nothing to approve: the requester cannot decide their own request.
  auto own = itaku(data_ + " --as p-yamada approval decide kisarazu-2026-014 a-0001 --outcome approved");
  EXPECT_EQ(own.exit_code, 6) << own.output;
  EXPECT_NE(own.output.find("approval.own_request"), std::string::npos) << own.output;
  auto refused = itaku(data_ + " approval decide kisarazu-2026-014 a-0001 --outcome refused");
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("field=reasons"), std::string::npos) << refused.output;
  ASSERT_EQ(itaku(data_ + " --as p-takahashi approval decide kisarazu-2026-014 a-0001 --outcome approved"
                          " --conditions 複写物は作業後に廃棄する")
                .exit_code,
            0);
  const std::string copy = data_ +
                           " decide kisarazu-2026-014 --person p-tanaka --action copy --class 設計書 --location hq"
                           " --purpose kisarazu-2026-014";
  EXPECT_EQ(itaku(copy).exit_code, 0);
  EXPECT_EQ(itaku(copy).exit_code, 0);
  auto third = itaku(copy);
  EXPECT_EQ(third.exit_code, 6) << third.output;
  EXPECT_NE(third.output.find("木更津市 第3条(2)"), std::string::npos) << third.output;
  auto shown = itaku(data_ + " approval show kisarazu-2026-014 a-0001");
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  EXPECT_NE(shown.output.find("承認番号: 木更津市委第2026-014号-A0001"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("部数: 2（使用 2）"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("条件: 複写物は作業後に廃棄する"), std::string::npos) << shown.output;
  EXPECT_NE(itaku(data_ + " approval list kisarazu-2026-014").output.find("a-0001\t複写・複製\tshinano-is\t承認"),
            std::string::npos);
  // A copy made is registered as an asset naming its approval (第3条(2)), and shown with it.
  ASSERT_EQ(itaku(data_ + " --as p-yamada asset add kisarazu-2026-014 --id kspec-1 --class design"
                          " --description 税務システム設計書 --origin created --media 紙 --custodian p-tanaka")
                .exit_code,
            0);
  ASSERT_EQ(itaku(data_ + " --as p-yamada asset add kisarazu-2026-014 --id kspec-copy-1 --class design"
                          " --description 税務システム設計書（複写） --origin copy --copy-of kspec-1 --media 紙"
                          " --custodian p-tanaka --approval a-0001")
                .exit_code,
            0);
  EXPECT_NE(itaku(data_ + " approval show kisarazu-2026-014 a-0001")
                .output.find("この承認による複製（情報資産）: kspec-copy-1"),
            std::string::npos);
  // The 承認書 as a PDF; a second run writes the same file.
  const auto pdf = (dir_.path() / "approval.pdf").string();
  auto written = itaku(data_ + " approval document kisarazu-2026-014 a-0001 --out " + pdf);
  ASSERT_EQ(written.exit_code, 0) << written.output;
  std::ifstream in(pdf, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(bytes.starts_with("%PDF-")) << bytes.substr(0, 16);
  const auto again = (dir_.path() / "again.pdf").string();
  ASSERT_EQ(itaku(data_ + " approval document kisarazu-2026-014 a-0001 --out " + again).exit_code, 0);
  std::ifstream second(again, std::ios::binary);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(second)), std::istreambuf_iterator<char>()), bytes);
  EXPECT_EQ(itaku(data_ + " replay --check").exit_code, 0);
}

TEST_F(CliTest, CommandsOnAMissingInstanceSayWhatToDo) {
  auto verify = itaku("--data-dir " + (dir_.path() / "nothing").string() + " ledger proof inclusion 0");
  EXPECT_EQ(verify.exit_code, 4) << verify.output;
  EXPECT_NE(verify.output.find("itaku init"), std::string::npos) << verify.output;
}

TEST_F(CliTest, TheDemoTellsACityOfficerWhoWorksWhereAndWhatChanged) {
  auto demo = itaku(data_ + " demo");
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_EQ(itaku(data_ + " demo").exit_code, 5);  // already loaded: a conflict, nothing written

  auto show = itaku(data_ + " contract show nagano-2026-001");
  ASSERT_EQ(show.exit_code, 0) << show.output;
  for (const char* expected :
       {"住民記録システム運用保守業務委託", "令和8年4月1日", "甲 長野市", "乙 株式会社しなの情報システム",
        "丙 有限会社善光寺データ", "責任者: 山田 太郎", "情報管理責任者: 佐藤 花子",
        "鈴木 一郎 (p-suzuki)  作業: 運用監視・障害対応", "長野市役所 第二庁舎 電算室", "（市の施設内）", "未受領",
        "個人情報取扱責任者", "情報セキュリティ要件"})
    EXPECT_NE(show.output.find(expected), std::string::npos) << expected << "\n" << show.output;

  auto diff = itaku(data_ + " roster diff nagano-2026-001");
  ASSERT_EQ(diff.exit_code, 0) << diff.output;
  EXPECT_NE(diff.output.find("第1版 → 第2版"), std::string::npos) << diff.output;
  EXPECT_NE(diff.output.find("作業者の追加: 加藤 翔 (p-kato)（運用監視（夜間）、2026-07-01〜）"), std::string::npos)
      << diff.output;
  EXPECT_NE(diff.output.find("未受領"), std::string::npos) << diff.output;

  auto replay = itaku(data_ + " replay --check");
  EXPECT_EQ(replay.exit_code, 0) << replay.output;
  EXPECT_NE(replay.output.find("差異はありません"), std::string::npos) << replay.output;
  EXPECT_EQ(itaku(data_ + " ledger verify").exit_code, 0);
}

TEST_F(CliTest, AssetsHandOversReceiptsAndDecisionsFromTheCommandLine) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  auto classes = itaku(data_ + " asset class list nagano-2026-001");
  ASSERT_EQ(classes.exit_code, 0) << classes.output;
  EXPECT_NE(classes.output.find("個人情報 Personal information (personal) 要注意"), std::string::npos)
      << classes.output;
  EXPECT_NE(classes.output.find("承認(copy)"), std::string::npos) << classes.output;

  // The city registers and hands over an asset; the contractor's responsible person receives it.
  ASSERT_EQ(itaku(data_ + " asset add nagano-2026-001 --id tax-2026 --class 個人情報 --description 住民税データ"
                          " --origin city --media DVD-R --quantity 1枚 --custodian p-kobayashi")
                .exit_code,
            0);
  auto handed = itaku(data_ + " asset transfer nagano-2026-001 --assets tax-2026 --from p-kobayashi --to p-yamada");
  ASSERT_EQ(handed.exit_code, 0) << handed.output;
  EXPECT_EQ(itaku(data_ + " asset acknowledge nagano-2026-001 t-0002 --by p-suzuki").exit_code, 6);  // not theirs
  ASSERT_EQ(itaku(data_ + " asset acknowledge nagano-2026-001 t-0002 --by p-yamada").exit_code, 0);
  auto shown = itaku(data_ + " asset show nagano-2026-001 tax-2026");
  EXPECT_NE(shown.output.find("保管者 山田 太郎 (p-yamada)"), std::string::npos) << shown.output;
  EXPECT_NE(shown.output.find("受領証 台帳"), std::string::npos) << shown.output;

  const auto pdf = (dir_.path() / "receipt.pdf").string();
  auto issued = itaku(data_ + " receipt issue nagano-2026-001 t-0002 --out " + pdf);
  ASSERT_EQ(issued.exit_code, 0) << issued.output;
  auto verified = itaku(data_ + " receipt verify " + pdf);
  ASSERT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("検証に成功しました"), std::string::npos) << verified.output;
  EXPECT_NE(verified.output.find("長野市情政第2026-001号-R0002"), std::string::npos) << verified.output;
  auto key = itaku(data_ + " ledger key");
  key.output.erase(key.output.find_last_not_of("\n") + 1);
  auto offline = itaku("receipt verify " + pdf + " --key '" + key.output + "'");
  EXPECT_EQ(offline.exit_code, 0) << offline.output;
  EXPECT_EQ(itaku(data_ + " receipt issue nagano-2026-001 t-0009 --out " + pdf).exit_code, 4);

  // A one-off decision: denied, with the clause, exit code 6.
  auto denied = itaku(data_ +
                      " decide nagano-2026-001 --person p-suzuki --action read --asset tax-2026"
                      " --location hq --purpose nagano-2026-001");
  EXPECT_EQ(denied.exit_code, 6) << denied.output;
  EXPECT_NE(denied.output.find("長野市 第4"), std::string::npos) << denied.output;
  EXPECT_EQ(itaku(data_ + " decide nagano-2026-001 --person p-suzuki --action fly --asset tax-2026").exit_code, 3);

  // Accesses reported by the contractor's systems: a bad line refuses the file.
  const auto lines = dir_.path() / "accesses.jsonl";
  std::ofstream(lines) << R"({"contract":"nagano-2026-001","person":"p-suzuki","action":"read","asset":"tax-2026",)"
                       << R"("context":{"time":"2026-12-01T14:00:00Z","location":"hq","purpose":"nagano-2026-001"}})"
                       << "\n";
  auto imported = itaku(data_ + " access import " + lines.string());
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  EXPECT_NE(imported.output.find("1件を記録しました（規則違反 1件、許可の判定記録なし 1件）"), std::string::npos)
      << imported.output;
  std::ofstream(lines, std::ios::app) << "not json\n";
  auto refused = itaku(data_ + " access import " + lines.string());
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("line=2"), std::string::npos) << refused.output;
  EXPECT_EQ(itaku(data_ + " replay --check").exit_code, 0);
  EXPECT_EQ(itaku(data_ + " ledger verify").exit_code, 0);
}

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_all(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary);
  out << bytes;
}

TEST_F(CliTest, TheLedgerNamesTheOperatingSystemUserWhoRanACommandAlsoWithAs) {
  const auto* entry = getpwuid(geteuid());
  ASSERT_NE(entry, nullptr);
  const std::string login = std::string("cli:") + entry->pw_name;
  // A service manager or cron may run it without USER.
  ASSERT_EQ(
      itaku("--data-dir " + dir_.path().string() + " org add --id town --kind city --name 町 </dev/null").exit_code, 0);
  ASSERT_EQ(std::system(("env -u USER " + std::string(ITAKU_BINARY) + " " + data_ +
                         " person add --id p-mori --org town --name 森 >/dev/null 2>&1")
                            .c_str()),
            0);
  ASSERT_EQ(itaku(data_ + " --as p-mori person add --id p-ueda --org town --name 上田").exit_code, 0);
  auto database = storage::open_database("sqlite:" + (dir_.path() / "itaku.db").string()).release_value();
  auto tx = database->begin(storage::TransactionMode::Read).release_value();
  std::vector<nlohmann::json> events;
  ASSERT_TRUE(tx->query("SELECT entry FROM ledger_entries ORDER BY seq", {}, [&](const storage::Row& row) {
                  events.push_back(nlohmann::json::parse(as_chars(row.blob(0)))["event"]);
                  return ok();
                }).ok());
  ASSERT_GE(events.size(), 3u);
  const auto& added = events[events.size() - 3];
  const auto& without_user = events[events.size() - 2];
  const auto& as_someone = events.back();
  EXPECT_EQ(added["actor"], login);
  EXPECT_EQ(without_user["actor"], login);
  EXPECT_FALSE(without_user.contains("via"));
  EXPECT_EQ(as_someone["actor"], "person:p-mori");
  EXPECT_EQ(as_someone["via"], login);
}

TEST_F(CliTest, AnAuditorChecksTheReplayWithTheDatabaseAloneWithoutKeyOrDataDirectory) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto nowhere = dir_.path() / "nowhere";
  auto checked = itaku("--data-dir " + nowhere.string() + " --database sqlite:" + (dir_.path() / "itaku.db").string() +
                       " replay --check");
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_NE(checked.output.find("no difference"), std::string::npos) << checked.output;
  EXPECT_FALSE(std::filesystem::exists(nowhere)) << "the check made a data directory";
}

TEST_F(CliTest, AnAlteredReceiptFileFailsVerificationWithExitCodeEight) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto pdf = dir_.path() / "receipt.pdf";
  auto issued = itaku(data_ + " receipt issue nagano-2026-001 t-0001 --out " + pdf.string());
  ASSERT_EQ(issued.exit_code, 0) << issued.output;
  EXPECT_NE(issued.output.find("SHA-256"), std::string::npos) << issued.output;
  const auto original = read_all(pdf);

  // Issued again: the very same bytes, recorded once.
  const auto again = dir_.path() / "again.pdf";
  auto reissued = itaku(data_ + " receipt issue nagano-2026-001 t-0001 --out " + again.string());
  ASSERT_EQ(reissued.exit_code, 0) << reissued.output;
  EXPECT_NE(reissued.output.find("issued before"), std::string::npos) << reissued.output;
  EXPECT_EQ(read_all(again), original);

  auto verified = itaku(data_ + " receipt verify " + pdf.string());
  ASSERT_EQ(verified.exit_code, 0) << verified.output;
  EXPECT_NE(verified.output.find("検証に成功しました"), std::string::npos) << verified.output;
  // What the ledger records is printed, to compare with the paper.
  EXPECT_NE(verified.output.find("数量 2冊"), std::string::npos) << verified.output;
  EXPECT_NE(verified.output.find("受領者 株式会社しなの情報システム 公共事業部 部長 山田 太郎"), std::string::npos)
      << verified.output;
  EXPECT_NE(verified.output.find("引渡者 長野市 情報政策課 主査 小林 明美"), std::string::npos) << verified.output;
  EXPECT_TRUE(
      std::regex_search(verified.output, std::regex("受領日時 令和[0-9]+年[0-9]+月[0-9]+日 [0-9]+時[0-9]{2}分")))
      << verified.output;

  // One byte of the compressed page content changed.
  auto changed = original;
  const auto stream = changed.find("stream\n", changed.find("/FlateDecode"));
  ASSERT_NE(stream, std::string::npos);
  changed[stream + 40] = static_cast<char>(changed[stream + 40] ^ 0x01);
  write_all(dir_.path() / "changed.pdf", changed);
  auto refused = itaku(data_ + " receipt verify " + (dir_.path() / "changed.pdf").string());
  EXPECT_EQ(refused.exit_code, 8) << refused.output;
  EXPECT_NE(refused.output.find("receipt.altered"), std::string::npos) << refused.output;
  EXPECT_EQ(refused.output.find("検証に成功しました"), std::string::npos) << refused.output;

  // An overlay printing another quantity and receiver, appended as an incremental update.
  write_all(dir_.path() / "overlay.pdf",
            original +
                "\n99 0 obj\n<< /Length 44 >>\nstream\nBT 480 560 Td (10) Tj 0 -200 Td (Mallory) Tj ET\n"
                "endstream\nendobj\ntrailer\n<< /Size 100 >>\n%%EOF\n");
  refused = itaku(data_ + " receipt verify " + (dir_.path() / "overlay.pdf").string());
  EXPECT_EQ(refused.exit_code, 8) << refused.output;
  EXPECT_NE(refused.output.find("receipt.altered"), std::string::npos) << refused.output;

  // Offline, the file itself cannot be checked: the command says so instead of claiming success.
  auto key = itaku(data_ + " ledger key");
  key.output.erase(key.output.find_last_not_of("\n") + 1);
  auto offline = itaku("receipt verify " + (dir_.path() / "overlay.pdf").string() + " --key '" + key.output + "'");
  EXPECT_EQ(offline.exit_code, 0) << offline.output;
  EXPECT_EQ(offline.output.find("検証に成功しました"), std::string::npos) << offline.output;
  EXPECT_NE(offline.output.find("cannot be checked without the ledger"), std::string::npos) << offline.output;
}

std::uint64_t entries_of(const std::string& verify_output) {
  const auto at = verify_output.find("entries / 項目数:");
  if (at == std::string::npos) return 0;
  return std::stoull(verify_output.substr(verify_output.find_first_of("0123456789", at)));
}

TEST_F(CliTest, ABackupTakenWhileWritesGoOnVerifiesAndAnOlderDatabaseIsRefused) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto before = entries_of(itaku(data_ + " ledger verify").output);
  ASSERT_GT(before, 0u);
  // Decisions are appended by other processes while the backup runs.
  std::thread writer([&] {
    for (int i = 0; i < 8; ++i)
      itaku(data_ +
            " decide nagano-2026-001 --person p-yamada --action read --asset juminhyo-2026-04"
            " --location hq --purpose nagano-2026-001");
  });
  const auto backup = dir_.path() / "backup.db";
  auto backed_up = itaku(data_ + " backup " + backup.string());
  writer.join();
  ASSERT_EQ(backed_up.exit_code, 0) << backed_up.output;
  EXPECT_NE(backed_up.output.find("backed up and verified"), std::string::npos) << backed_up.output;
  EXPECT_GE(entries_of(backed_up.output), before) << backed_up.output;
  EXPECT_EQ(itaku(data_ + " backup " + backup.string()).exit_code, 5);  // never overwrites a backup

  // More is written after the backup; the checkpoint kept outside the database records it.
  // Allowed or denied, the decision is recorded (exit code 0 or 6).
  const auto decided = itaku(data_ +
                             " decide nagano-2026-001 --person p-yamada --action read --asset juminhyo-2026-04"
                             " --location hq --purpose nagano-2026-001");
  ASSERT_TRUE(decided.exit_code == 0 || decided.exit_code == 6) << decided.output;
  auto verify = itaku(data_ + " ledger verify");
  ASSERT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_NE(verify.output.find("checkpoint.latest"), std::string::npos) << verify.output;
  const auto latest = entries_of(verify.output);
  struct stat st {};
  ASSERT_EQ(stat((dir_.path() / "checkpoint.latest").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // Restoring the older backup would lose entries and reuse their indices: refused.
  auto restore = itaku(data_ + " restore " + backup.string());
  EXPECT_EQ(restore.exit_code, 8) << restore.output;
  EXPECT_NE(restore.output.find("ledger.rollback"), std::string::npos) << restore.output;
  EXPECT_EQ(entries_of(itaku(data_ + " ledger verify").output), latest);

  // The database file replaced by the older copy behind itaku's back: every command refuses.
  const auto db = dir_.path() / "itaku.db";
  std::filesystem::remove(dir_.path() / "itaku.db-wal");
  std::filesystem::remove(dir_.path() / "itaku.db-shm");
  std::filesystem::copy_file(backup, db, std::filesystem::copy_options::overwrite_existing);
  verify = itaku(data_ + " ledger verify");
  EXPECT_EQ(verify.exit_code, 8) << verify.output;
  EXPECT_NE(verify.output.find("ledger.rollback"), std::string::npos) << verify.output;
  EXPECT_NE(verify.output.find("checkpoint_size=" + std::to_string(latest)), std::string::npos) << verify.output;
  auto write = itaku(data_ +
                     " decide nagano-2026-001 --person p-yamada --action read --asset juminhyo-2026-04"
                     " --location hq --purpose nagano-2026-001");
  EXPECT_EQ(write.exit_code, 8) << write.output;
  EXPECT_NE(write.output.find("ledger.rollback"), std::string::npos) << write.output;

  // Put back on purpose, the rollback is accepted and the previous database kept beside it.
  auto accepted = itaku(data_ + " restore " + backup.string() + " --allow-rollback");
  ASSERT_EQ(accepted.exit_code, 0) << accepted.output;
  EXPECT_NE(accepted.output.find("before-restore"), std::string::npos) << accepted.output;
  EXPECT_EQ(itaku(data_ + " ledger verify").exit_code, 0);
}

TEST_F(CliTest, TheRosterRoundTripFromFileToAcknowledgement) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto file = dir_.path() / "roster.json";
  std::ofstream(file) << R"({"responsible":"p-yamada","information_manager":"p-sato",
    "workers":[{"person":"p-suzuki","work":"運用監視","from":"2026-04-01"},
               {"person":"p-tanaka","work":"夜間監視","from":"2026-10-01"}],
    "locations":[{"id":"hq","name":"本社 開発室","address":"長野県長野市南長野1-2-3","city_premises":false}],
    "access":[{"asset_class":"個人情報","person":"p-tanaka","permission":"view"}]})";
  auto set = itaku(data_ + " --as p-yamada roster set nagano-2026-001 --file " + file.string() + " --note 体制変更");
  ASSERT_EQ(set.exit_code, 0) << set.output;
  auto notifications = itaku(data_ + " notification list --contract nagano-2026-001");
  EXPECT_NE(notifications.output.find("【体制表 第3版】"), std::string::npos) << notifications.output;
  // By default the changes since the version the city last acknowledged (1): 加藤, added in
  // version 2 and gone in 3, never reached the city's roster.
  auto diff = itaku(data_ + " roster diff nagano-2026-001");
  EXPECT_NE(diff.output.find("第1版 → 第3版"), std::string::npos) << diff.output;
  EXPECT_EQ(diff.output.find("加藤 翔"), std::string::npos) << diff.output;
  EXPECT_NE(diff.output.find("作業場所の削除: 長野市役所 第二庁舎 電算室"), std::string::npos) << diff.output;
  auto last = itaku(data_ + " roster diff nagano-2026-001 --from 2");
  EXPECT_NE(last.output.find("作業者の削除: 加藤 翔"), std::string::npos) << last.output;

  // Only the city acknowledges; a version is acknowledged once.
  EXPECT_EQ(itaku(data_ + " roster acknowledge nagano-2026-001 --version 3 --by p-yamada").exit_code, 3);
  auto ack = itaku(data_ + " --as p-kobayashi roster acknowledge nagano-2026-001 --version 3");
  EXPECT_EQ(ack.exit_code, 0) << ack.output;
  // Version 2 is settled with it.
  EXPECT_NE(itaku(data_ + " contract show nagano-2026-001").output.find("第2版(受領済) 第3版(受領済)"),
            std::string::npos);
  EXPECT_EQ(itaku(data_ + " --as p-kobayashi roster acknowledge nagano-2026-001 --version 3").exit_code, 5);
  auto show = itaku(data_ + " roster show nagano-2026-001");
  EXPECT_NE(show.output.find("市の受領: 小林 明美"), std::string::npos) << show.output;
}

// The status of `control` for `party` in `itaku compliance show --json`'s output, or "".
std::string status_in(const std::string& output, const std::string& control, const std::string& party) {
  const auto answer = nlohmann::json::parse(output, nullptr, false);
  if (answer.is_discarded()) return "";
  for (const auto& clause : answer["clauses"])
    for (const auto& c : clause["controls"])
      if (c["id"] == control)
        for (const auto& f : c["findings"])
          if (f["party"] == party) return f["status"];
  return "";
}

TEST_F(CliTest, ComplianceShowsEachClauseNowOrAsOfATimeAndRefusesABadOne) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  auto table = itaku(data_ + " compliance show nagano-2026-001");
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("第1 責任者、作業内容、作業者及び作業場所の特定  【期限あり】"), std::string::npos)
      << table.output;
  EXPECT_NE(table.output.find("roster.notified（第1）  【期限あり】"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("乙 株式会社しなの情報システム: 期限あり（期限 "), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("sla.presented（第2）  【未記録】"), std::string::npos) << table.output;

  auto before = itaku(data_ + " compliance show nagano-2026-001 --json");
  ASSERT_EQ(before.exit_code, 0) << before.output;
  const auto at = nlohmann::json::parse(before.output)["at"].get<std::string>();
  EXPECT_EQ(status_in(before.output, "roster.notified", "shinano-is"), "due");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // the acknowledgement comes after `at`
  ASSERT_EQ(itaku(data_ + " --as p-kobayashi roster acknowledge nagano-2026-001 --version 2").exit_code, 0);
  EXPECT_EQ(status_in(itaku(data_ + " compliance show nagano-2026-001 --json").output, "roster.notified", "shinano-is"),
            "met");
  auto then = itaku(data_ + " compliance show nagano-2026-001 --json --at " + at);
  ASSERT_EQ(then.exit_code, 0) << then.output;
  EXPECT_EQ(status_in(then.output, "roster.notified", "shinano-is"), "due");

  auto bad = itaku(data_ + " compliance show nagano-2026-001 --at 2026-02-30");
  EXPECT_EQ(bad.exit_code, 3) << bad.output;
  EXPECT_NE(bad.output.find("compliance.bad_at"), std::string::npos) << bad.output;
  EXPECT_NE(bad.output.find("YYYY-MM-DD"), std::string::npos) << bad.output;
  EXPECT_EQ(itaku(data_ + " compliance show nagano-2026-001 --at 2099-01-01").exit_code, 3);
  EXPECT_EQ(itaku(data_ + " compliance show nagano-2026-001 --at ''").exit_code, 3);
  EXPECT_EQ(itaku(data_ + " compliance show nagano-2099-001").exit_code, 4);
  EXPECT_EQ(itaku(data_ + " compliance show").exit_code, 2);
}

TEST_F(CliTest, BadRosterFilesAreRefusedWithAClearErrorAndNothingRecorded) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto size_before = itaku(data_ + " ledger checkpoint --sign").output;
  const auto file = dir_.path() / "bad.json";
  std::ofstream(file) << R"({"responsible":"p-yamada","information_manager":"p-sato","workers":"everyone"})";
  auto bad_type = itaku(data_ + " roster set nagano-2026-001 --file " + file.string());
  EXPECT_EQ(bad_type.exit_code, 3) << bad_type.output;
  EXPECT_NE(bad_type.output.find("roster.file_malformed"), std::string::npos);
  std::ofstream(file, std::ios::trunc) << R"({"responsible":"p-ito","information_manager":"p-sato",
    "locations":[{"id":"hq","name":"x","address":"y"}]})";
  auto wrong_party = itaku(data_ + " roster set nagano-2026-001 --file " + file.string());
  EXPECT_EQ(wrong_party.exit_code, 3) << wrong_party.output;
  EXPECT_NE(wrong_party.output.find("roster.person_not_in_party"), std::string::npos) << wrong_party.output;
  EXPECT_EQ(itaku(data_ + " ledger checkpoint --sign").output, size_before);  // nothing appended
}

TEST_F(CliTest, APersonWhoLeavesStillAppearsWithTheirHistory) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  ASSERT_EQ(itaku(data_ + " person leave p-suzuki --reason left --effective 2026-09-30").exit_code, 0);
  auto person = itaku(data_ + " person show p-suzuki");
  EXPECT_EQ(person.exit_code, 0);
  EXPECT_NE(person.output.find("退職"), std::string::npos) << person.output;
  EXPECT_NE(person.output.find("nagano-2026-001 第1版"), std::string::npos) << person.output;
  EXPECT_NE(person.output.find("kisarazu-2026-014"), std::string::npos) << person.output;
  auto diff = itaku(data_ + " roster diff kisarazu-2026-014");
  EXPECT_NE(diff.output.find("作業者の従事終了: 鈴木 一郎 (p-suzuki)（退職 2026-09-30）（2026-09-30まで）"),
            std::string::npos)
      << diff.output;
}

TEST_F(CliTest, AThirdCitysProvisionsAreImportedAsAFile) {
  const auto file = dir_.path() / "sample.toml";
  std::ofstream(file) << R"(name = "sample-city"
version = "2026-01"
municipality = "見本市"
title = "情報セキュリティ特記事項"
title_en = "Information security provisions"

[[clauses]]
number = "第1条"
title = "秘密の保持"
summary_en = "The contractor keeps information confidential, also after the contract ends."

[[clauses.paragraphs]]
number = "1"
text = "受託者は、業務上知り得た情報を他に漏らしてはならない。"

[[clauses.controls]]
id = "confidentiality.kept"
cites = "第1条"
)";
  auto lint = itaku("provisions lint " + file.string());
  ASSERT_EQ(lint.exit_code, 0) << lint.output;
  auto imported = itaku(data_ + " provisions import " + file.string());
  EXPECT_EQ(imported.exit_code, 0) << imported.output;
  auto list = itaku(data_ + " provisions list");
  EXPECT_NE(list.output.find("見本市"), std::string::npos) << list.output;
  EXPECT_EQ(itaku(data_ + " provisions import " + file.string()).exit_code, 5);
  std::ofstream(file, std::ios::app) << "\n[[clauses]]\nnumber = \"第1条\"\n";
  auto broken = itaku("provisions lint " + file.string());
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.output.find(":2"), std::string::npos) << broken.output;  // a line number
}

// --- users, tokens and roles (docs/AUTH.md) ---

// Every value of every row of a table in the instance's SQLite database, as text.
std::string dump_table(const std::filesystem::path& dir, const std::string& table) {
  auto database = storage::open_database("sqlite:" + (dir / "itaku.db").string()).release_value();
  auto tx = database->begin(storage::TransactionMode::Read).release_value();
  std::string out;
  EXPECT_TRUE(tx->query("SELECT * FROM " + table, {}, [&](const storage::Row& row) -> Result<void> {
                  for (int i = 0; i < row.column_count(); ++i)
                    out += (row.is_null(i) ? std::string("NULL") : std::string(row.text(i))) + "|";
                  out += "\n";
                  return ok();
                }).ok());
  return out;
}

TEST_F(CliTest, UsersTakeTheirPasswordFromStdinOrTheEnvironmentAndNeverShowIt) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto file = dir_.path() / "password.txt";
  std::ofstream(file) << "correct horse battery\n";
  auto added = itaku(data_ + " user add sato --person p-sato < " + file.string());
  ASSERT_EQ(added.exit_code, 0) << added.output;
  EXPECT_EQ(added.output.find("correct horse battery"), std::string::npos) << added.output;

  ::setenv("ITAKU_PASSWORD", "a fine admin passphrase", 1);
  auto admin = itaku(data_ + " user add root --person p-kobayashi --admin < /dev/null");
  ::setenv("ITAKU_PASSWORD", "short", 1);
  auto short_one = itaku(data_ + " user add tanaka --person p-tanaka < /dev/null");
  ::unsetenv("ITAKU_PASSWORD");
  EXPECT_EQ(admin.exit_code, 0) << admin.output;
  EXPECT_EQ(short_one.exit_code, 3) << short_one.output;
  EXPECT_NE(short_one.output.find("auth.password_too_short"), std::string::npos) << short_one.output;
  auto missing = itaku(data_ + " user add tanaka --person p-tanaka < /dev/null");
  EXPECT_EQ(missing.exit_code, 3) << missing.output;
  EXPECT_NE(missing.output.find("auth.password_missing"), std::string::npos) << missing.output;
  EXPECT_EQ(itaku(data_ + " user add sato --person p-sato < " + file.string()).exit_code, 5);  // taken

  auto list = itaku(data_ + " user list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find("sato\tp-sato\t佐藤 花子\t有効/active"), std::string::npos) << list.output;
  EXPECT_NE(list.output.find("root\tp-kobayashi\t小林 明美\t有効/active,管理者/admin"), std::string::npos)
      << list.output;
  EXPECT_EQ(list.output.find("tanaka"), std::string::npos) << list.output;  // refused: nothing made

  std::ofstream(file, std::ios::trunc) << "another good passphrase\n";
  EXPECT_EQ(itaku(data_ + " user passwd sato < " + file.string()).exit_code, 0);
  EXPECT_EQ(itaku(data_ + " user disable sato").exit_code, 0);
  EXPECT_NE(itaku(data_ + " user list").output.find("sato\tp-sato\t佐藤 花子\t無効/disabled"), std::string::npos);

  // Only hashes are kept, outside the ledger; the ledger says a password was set.
  const auto credentials = dump_table(dir_.path(), "credentials");
  EXPECT_NE(credentials.find("$argon2id$"), std::string::npos);
  const auto ledger = dump_table(dir_.path(), "ledger_entries");
  for (const char* secret : {"correct horse battery", "a fine admin passphrase", "another good passphrase"}) {
    EXPECT_EQ(ledger.find(secret), std::string::npos) << secret;
    EXPECT_EQ(credentials.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(ledger.find("user.password_set"), std::string::npos);
  EXPECT_EQ(ledger.find("$argon2"), std::string::npos);
  EXPECT_EQ(itaku(data_ + " replay --check").exit_code, 0);
}

TEST_F(CliTest, ATokenIsPrintedOnceStoredOnlyAsAHashAndCanBeRevoked) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);  // with the demo accounts, yamada among them
  auto created =
      itaku(data_ +
            " token create --login yamada --org shinano-is --contract nagano-2026-001 --label 体制表連携 --scope "
            "decide,read");
  ASSERT_EQ(created.exit_code, 0) << created.output;
  const auto at = created.output.find("itk_");
  ASSERT_NE(at, std::string::npos) << created.output;
  const auto token = created.output.substr(at, 4 + 43);
  const auto id_at = created.output.find("tok-");
  ASSERT_NE(id_at, std::string::npos);
  const auto id = created.output.substr(id_at, 16);

  auto list = itaku(data_ + " token list");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_NE(list.output.find(id + "\tyamada\tshinano-is\tnagano-2026-001\tread,decide\t体制表連携\t有効/active"),
            std::string::npos)
      << list.output;
  EXPECT_EQ(list.output.find(token), std::string::npos);
  EXPECT_EQ(dump_table(dir_.path(), "api_tokens").find(token), std::string::npos);
  EXPECT_EQ(dump_table(dir_.path(), "ledger_entries").find(token), std::string::npos);

  auto refused = itaku(data_ + " token create --login yamada --org zenkoji-data");
  EXPECT_EQ(refused.exit_code, 3) << refused.output;
  EXPECT_NE(refused.output.find("token.not_member"), std::string::npos) << refused.output;
  auto unknown_scope = itaku(data_ + " token create --login yamada --org shinano-is --scope read,write");
  EXPECT_EQ(unknown_scope.exit_code, 3) << unknown_scope.output;
  EXPECT_NE(unknown_scope.output.find("token.scope_invalid"), std::string::npos) << unknown_scope.output;
  EXPECT_EQ(itaku(data_ + " token revoke " + id).exit_code, 0);
  EXPECT_NE(itaku(data_ + " token list").output.find("失効/revoked"), std::string::npos);
  EXPECT_EQ(itaku(data_ + " token revoke " + id).exit_code, 5);
  EXPECT_EQ(itaku(data_ + " token revoke tok-nothing").exit_code, 4);
}

TEST_F(CliTest, CityRolesGoToTheCitysPeopleAndRosterRolesFollowTheRoster) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  auto granted = itaku(data_ + " role grant p-matsumoto --contract nagano-2026-001 --role city_officer");
  ASSERT_EQ(granted.exit_code, 0) << granted.output;
  auto wrong = itaku(data_ + " role grant p-yamada --contract nagano-2026-001 --role city_officer");
  EXPECT_EQ(wrong.exit_code, 3) << wrong.output;
  EXPECT_NE(wrong.output.find("role.not_city_person"), std::string::npos) << wrong.output;
  EXPECT_EQ(itaku(data_ + " role grant p-matsumoto --contract nagano-2026-001 --role owner").exit_code, 3);
  EXPECT_EQ(itaku(data_ + " role grant p-matsumoto --contract nagano-2026-001 --role city_officer").exit_code, 5);

  auto list = itaku(data_ + " role list --contract nagano-2026-001");
  ASSERT_EQ(list.exit_code, 0) << list.output;
  for (const char* expected : {"p-kobayashi\t小林 明美\tcity_approver,city_officer",
                               "p-matsumoto\t松本 直樹\tcity_officer", "p-nakamura\t中村 由紀\tcity_auditor",
                               "p-yamada\t山田 太郎\tresponsible", "p-sato\t佐藤 花子\tinformation_manager",
                               "p-suzuki\t鈴木 一郎\tworker", "p-ito\t伊藤 健\tresponsible,information_manager"})
    EXPECT_NE(list.output.find(expected), std::string::npos) << expected << "\n" << list.output;
  // 田中's assignment ended on 2026-09-30 and 渡辺's on 2026-08-31: no longer workers today.
  EXPECT_EQ(list.output.find("p-tanaka"), std::string::npos) << list.output;
  EXPECT_EQ(itaku(data_ + " replay --check").exit_code, 0);

  EXPECT_EQ(itaku(data_ + " role revoke p-matsumoto --contract nagano-2026-001 --role city_officer").exit_code, 0);
  EXPECT_EQ(itaku(data_ + " role revoke p-matsumoto --contract nagano-2026-001 --role city_officer").exit_code, 4);
  EXPECT_EQ(itaku(data_ + " role list --contract nagano-2026-001").output.find("p-matsumoto"), std::string::npos);
}

TEST_F(CliTest, TwoFactorEnrolmentWritesAQrCodeAndNeedsACodeFromTheApp) {
  ASSERT_EQ(itaku(data_ + " demo").exit_code, 0);
  const auto qr = dir_.path() / "kobayashi-totp.svg";
  auto begin = itaku(data_ + " user totp kobayashi --qr " + qr.string());
  ASSERT_EQ(begin.exit_code, 0) << begin.output;
  std::ifstream svg(qr);
  const std::string image((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  EXPECT_NE(image.find("<svg"), std::string::npos);
  // The key is printed on its own indented line, as an authenticator app would be given it.
  std::string key;
  std::istringstream lines(begin.output);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("  ", 0) == 0 && line.find("itaku") == std::string::npos) key = line.substr(2);
  auto secret = auth::base32_decode(key);
  ASSERT_TRUE(secret.ok()) << begin.output;
  EXPECT_NE(itaku(data_ + " user totp-confirm kobayashi --code 000000").exit_code, 0);
  const auto code = auth::totp_code(*secret, SystemClock{}.now());
  auto confirm = itaku(data_ + " user totp-confirm kobayashi --code " + code);
  EXPECT_EQ(confirm.exit_code, 0) << confirm.output;
  EXPECT_NE(itaku(data_ + " user list").output.find("2段階認証/totp"), std::string::npos);
}

}  // namespace
}  // namespace itaku::testing
