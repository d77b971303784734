#include "itaku/service/service.hpp"

#include <algorithm>
#include <future>
#include <optional>
#include <random>
#include <regex>
#include <string>

#include "itaku/crypto/sha256.hpp"
#include "itaku/documents/receipt.hpp"
#include "itaku/domain/asset_events.hpp"
#include "itaku/ledger/keys.hpp"
#include "itaku/ledger/verify.hpp"
#include "itaku/service/demo.hpp"
#include "itaku/service/document_files.hpp"
#include "itaku/service/receipts.hpp"
#include "service_fixture.hpp"
#include "support/document_tools.hpp"
#include "support/temp_dir.hpp"

namespace itaku::testing {
namespace {

using namespace domain;

// 鈴木 copies resident records (個人情報) at hq for the contract: denied by the demo's rules,
// and a denial the city is to be told of.
policy::Request suzuki_copies_resident_records() {
  policy::Request request;
  request.contract = "nagano-2026-001";
  request.person = "p-suzuki";
  request.action = Action::Copy;
  request.asset = "juminhyo-2026-04";
  request.location = "hq";
  request.purpose = "nagano-2026-001";
  return request;
}

TEST_P(ServiceTest, TheDemoLoadsReplaysIdenticallyAndVerifies) {
  auto loaded = service::load_demo(*service_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_EQ(service::load_demo(*service_).error().code, "demo.already_loaded");
  expect_replay_matches();
  EXPECT_EQ(count("contracts"), 2);
  EXPECT_GE(count("roster_versions"), 4);
  // Every notification has its mail waiting in the outbox.
  EXPECT_EQ(count("outbox"), count("notifications"));
  EXPECT_GT(count("outbox"), 0);
  auto verified = ledger::verify_database(*database_, std::nullopt, {});
  EXPECT_TRUE(verified.ok()) << verified.error().describe();
}

// ID badges (木更津市 第11条(1)): issued, returned, lost, and due back when the holder leaves the
// roster or departs; the badges table is rebuilt from the ledger exactly.
TEST_P(ServiceTest, BadgesReplayIdenticallyWithTheLeaversBadgesStillOut) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  auto exec = [&](const Command& c) {
    clock_.advance(std::chrono::seconds(1));
    auto done = service_->execute(c, Principal::system());
    EXPECT_TRUE(done.ok()) << done.error().describe();
  };
  exec(IssueBadge{"kisarazu-2026-014", "KS-0001", "p-tanaka", "2026-09-21", "2027-02-28"});
  exec(IssueBadge{"kisarazu-2026-014", "KS-0002", "p-suzuki", "2026-09-21", "2027-02-28"});
  exec(IssueBadge{"nagano-2026-001", "NG-0001", "p-kato", "2026-09-21", "2027-03-31"});
  exec(ReportBadgeLost{"nagano-2026-001", "NG-0001", "紛失"});
  exec(IssueBadge{"nagano-2026-001", "NG-0002", "p-kato", "2026-09-22", "2027-03-31"});
  auto roster =
      service_->read([](const State& s) { return s.latest_roster("kisarazu-2026-014", "shinano-is")->roster; });
  std::erase_if(roster.workers, [](const RosterWorker& w) { return w.person == "p-tanaka"; });
  std::erase_if(roster.access, [](const AssetAccess& a) { return a.person == "p-tanaka"; });
  exec(SubmitRoster{"kisarazu-2026-014", "shinano-is", roster, "開発作業の終了"});
  exec(RecordDeparture{"p-kato", "left", "2026-10-01"});
  exec(ReturnBadge{"kisarazu-2026-014", "KS-0001"});
  service_->read([](const State& s) {
    const auto& kisarazu = s.contract("kisarazu-2026-014")->badges;
    EXPECT_EQ(kisarazu.at("KS-0001").status, BadgeStatus::Returned);
    EXPECT_EQ(kisarazu.at("KS-0001").return_due_reason, BadgeReturnReason::LeftRoster);
    EXPECT_FALSE(kisarazu.at("KS-0002").return_due.has_value());
    const auto& nagano = s.contract("nagano-2026-001")->badges;
    EXPECT_EQ(nagano.at("NG-0001").status, BadgeStatus::Lost);
    EXPECT_FALSE(nagano.at("NG-0001").return_due.has_value());  // closed before 加藤 left
    EXPECT_TRUE(nagano.at("NG-0002").return_outstanding());
    EXPECT_EQ(nagano.at("NG-0002").return_due_reason, BadgeReturnReason::Departed);
    return 0;
  });
  expect_replay_matches();
  EXPECT_EQ(count("badges"), 4);
  // Every notice to the city has its mail waiting, the badges' too.
  EXPECT_EQ(count("outbox"), count("notifications"));
}

TEST_P(ServiceTest, DecidingWithoutWaitingRecordsTheSameAndLeavesDueNoticesToTheWaitingPath) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto denied = suzuki_copies_resident_records();  // denied, and the city is to be told
  policy::Request read = denied;                         // 田中 reads a design document: allowed
  read.person = "p-tanaka";
  read.action = Action::Read;
  read.asset = "spec-v3";
  auto decide_async =
      [&](std::vector<policy::Request> requests) -> std::optional<Result<std::vector<service::DecisionRecord>>> {
    std::promise<Result<std::vector<service::DecisionRecord>>> answer;
    const bool started = service_->decide_async(
        std::move(requests), Actor{"token:t-1"},
        [&answer](Result<std::vector<service::DecisionRecord>>&& records) { answer.set_value(std::move(records)); });
    if (!started) return std::nullopt;
    return answer.get_future().get();
  };
  // The first denial of its kind is due to be notified: the waiting path must take it.
  const auto size_before = ledger_->size();
  EXPECT_FALSE(decide_async({read, denied}).has_value());
  EXPECT_EQ(ledger_->size(), size_before);  // nothing was recorded
  const policy::Request first[] = {denied};
  ASSERT_TRUE(service_->decide(first, Actor{"token:t-1"}).ok());
  const auto notices = count("notifications");
  // Within the hour the same denial needs no notice, so it is decided without waiting.
  auto records = decide_async({read, denied});
  ASSERT_TRUE(records.has_value());
  ASSERT_TRUE(records->ok()) << records->error().describe();
  ASSERT_EQ((*records)->size(), 2u);
  const auto& allowed = (*records)->at(0);
  const auto& refused = (*records)->at(1);
  EXPECT_EQ(allowed.decision.effect, policy::Effect::Allow);
  EXPECT_EQ(refused.decision.effect, policy::Effect::Deny);
  EXPECT_EQ(refused.decision.reasons.front().clause, "長野市 第1");
  EXPECT_EQ(refused.index, allowed.index + 1);
  EXPECT_EQ(ledger_->size(), refused.index + 1);  // durable before the answer
  EXPECT_EQ(count("notifications"), notices);
  const auto entry = nlohmann::json::parse(ledger_->entry(refused.index).value());
  EXPECT_EQ(entry["event"]["type"], "decision.recorded");
  EXPECT_EQ(entry["event"]["data"]["effect"], "deny");
  // The rows written without JSON equal the rows a replay writes from the events.
  expect_replay_matches();
}

TEST(DecisionEntry, IsTheCanonicalFormOfTheDecisionEvent) {
  // Allowed with obligations, denied with several reasons (one with a detail), strings that
  // need escaping, kana and a character outside the BMP, a request without a contract.
  service::DecisionRecord allowed{suzuki_copies_resident_records(), {}, 0};
  allowed.request.at = from_unix_micros(1'785'000'000'123'456);
  allowed.decision.effect = policy::Effect::Allow;
  allowed.decision.asset_class = "personal";
  allowed.decision.basis = 4096;
  allowed.decision.obligations = {{"decision.log_access", "長野市 第6-2", "", "", ""},
                                  {"decision.return_after_use", "木更津市 第11条(4)", "", "", "返却"}};
  service::DecisionRecord denied = allowed;
  denied.decision.effect = policy::Effect::Deny;
  denied.decision.obligations.clear();
  denied.decision.reasons = {{"decision.location_unregistered", "長野市 第5", "", "", "自宅 \"2F\"\n\t\\ \x01"},
                             {"decision.purpose_mismatch", "長野市 第3", "", "", ""}};
  denied.request.device = "pc-🔒-01";
  denied.request.location = "自宅";
  service::DecisionRecord no_contract = denied;
  no_contract.request.contract.clear();
  const auto at = from_unix_micros(1'790'000'000'000'001);
  // The command line's `--as p-suzuki` names who typed it as `via`.
  const Actor via{"person:p-suzuki", "cli:root"};
  for (const auto* record : {&allowed, &denied, &no_contract})
    for (const auto& actor : {Actor{"token:t-1"}, via}) {
      const auto written = service::decision_entry(*record, actor, at);
      ASSERT_TRUE(written.ok()) << written.error().describe();
      const auto built = to_canonical(service::decision_event(*record, actor, at));
      ASSERT_TRUE(built.ok()) << built.error().describe();
      EXPECT_EQ(written->bytes(), built->bytes());
    }
  EXPECT_NE(service::decision_entry(allowed, via, at)->bytes().find(R"("via":"cli:root")"), std::string::npos);
  // A string that is not UTF-8 is refused, as the event form refuses it.
  denied.request.location = "\xff";
  EXPECT_EQ(service::decision_entry(denied, Actor{"token:t-1"}, at).error().code, "json.invalid_utf8");
  EXPECT_FALSE(to_canonical(service::decision_event(denied, Actor{"token:t-1"}, at)).ok());
}

TEST_P(ServiceTest, DecisionsAreRecordedDurablyAndCiteTheContractsOwnClauses) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto request = suzuki_copies_resident_records();
  const policy::Request requests[] = {request};
  const auto before = count("notifications");
  auto records = service_->decide(requests, Actor{"token:t-1"});
  ASSERT_TRUE(records.ok()) << records.error().describe();
  ASSERT_EQ(records->size(), 1u);
  const auto& record = records->front();
  EXPECT_EQ(record.decision.effect, policy::Effect::Deny);
  EXPECT_EQ(record.decision.reasons.front().code, "decision.view_only");
  EXPECT_EQ(record.decision.reasons.front().clause, "長野市 第1");
  EXPECT_EQ(ledger_->size(), record.index + 2);   // the decision, then the city's notice
  EXPECT_EQ(count("notifications"), before + 1);  // personal information is a sensitive class
  // A second denial of the same kind within the hour is logged but not notified again.
  ASSERT_TRUE(service_->decide(requests, Actor{"token:t-1"}).ok());
  EXPECT_EQ(count("notifications"), before + 1);
  service::LogFilter filter;
  filter.contract = "nagano-2026-001";
  filter.person = "p-suzuki";
  filter.effect = "deny";
  filter.limit = 10;
  auto log = service_->decision_log(filter);
  ASSERT_TRUE(log.ok());
  ASSERT_GE(log->size(), 2u);
  EXPECT_EQ(log->at(1).index, record.index);
  EXPECT_EQ(log->at(1).reason_code, "decision.view_only");
  // What was decided survives a restart and replays identically.
  reopen();
  expect_replay_matches();
  auto report = service_->monitoring("nagano-2026-001", {});
  ASSERT_TRUE(report.ok());
  EXPECT_GE(report->denies, 3u);
}

// Every subject and body of the city's denial notices and their mails, one per line.
std::string notice_texts(storage::Database& database) {
  auto tx = database.begin(storage::TransactionMode::Read).release_value();
  std::string texts;
  auto collect = [&](const storage::Row& row) -> Result<void> {
    for (int i = 0; i < row.column_count(); ++i) texts += std::string(row.text(i)) + "\n";
    return ok();
  };
  EXPECT_TRUE(
      tx->query("SELECT subject_ja, subject_en, body_ja FROM notifications WHERE kind = 'decision.denied'", {}, collect)
          .ok());
  EXPECT_TRUE(tx->query("SELECT subject, body FROM outbox WHERE notification_id IN "
                        "(SELECT id FROM notifications WHERE kind = 'decision.denied')",
                        {}, collect)
                  .ok());
  return texts;
}

TEST_P(ServiceTest, ADenialNoticeNeverCarriesTextFromTheRequest) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const std::string phishing = "至急 https://evil.example/login でパスワードを再設定してください";
  const auto notices_before = count("notifications");
  std::vector<policy::Request> requests;
  for (int i = 0; i < 5; ++i) {
    auto r = suzuki_copies_resident_records();
    r.person = phishing + " #" + std::to_string(i);  // a person nobody registered, five spellings
    requests.push_back(r);
  }
  auto r = suzuki_copies_resident_records();  // a real person, with the text everywhere else
  r.purpose = phishing;
  r.location = phishing;
  r.device = phishing;
  requests.push_back(r);
  r = suzuki_copies_resident_records();
  r.asset = phishing;  // not in the register
  requests.push_back(r);
  r.asset.clear();
  r.asset_class = phishing;  // not a class of the contract
  requests.push_back(r);
  auto decided = service_->decide(requests, Actor{"token:t-1"});
  ASSERT_TRUE(decided.ok()) << decided.error().describe();
  for (const auto& record : *decided) EXPECT_EQ(record.decision.effect, policy::Effect::Deny);
  // One notice for the person the contract does not know (not one per spelling), one for 鈴木.
  EXPECT_EQ(count("notifications"), notices_before + 2);
  const auto texts = notice_texts(*database_);
  EXPECT_EQ(texts.find("evil.example"), std::string::npos) << texts;
  EXPECT_EQ(texts.find("パスワード"), std::string::npos) << texts;
  EXPECT_NE(texts.find("体制表に記載のない者"), std::string::npos) << texts;
  EXPECT_NE(texts.find("鈴木"), std::string::npos) << texts;
  // The decision log keeps what was asked, as it was asked.
  service::LogFilter filter;
  filter.contract = "nagano-2026-001";
  filter.person = phishing + " #0";
  auto log = service_->decision_log(filter);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->size(), 1u);
}

// Monitoring's anomalies computed the way they were before the index: every record of the
// contract read from SQL (only people of `organisations` unless empty) and given to
// policy::find_anomalies with the hours the latest roster registers for its location.
std::vector<policy::Anomaly> anomalies_from_every_row(storage::Database& database, const service::Service& service,
                                                      const std::string& contract,
                                                      const std::vector<std::string>& organisations) {
  std::vector<policy::Observation> observations;
  std::vector<std::string> locations;
  auto tx = database.begin(storage::TransactionMode::Read).release_value();
  std::string parties;
  std::vector<storage::Param> params{storage::Text{contract}};
  if (!organisations.empty()) {
    parties = " AND person_id IN (SELECT id FROM people WHERE organisation_id IN (";
    for (std::size_t i = 0; i < organisations.size(); ++i) {
      parties += i ? ", ?" : "?";
      params.emplace_back(storage::Text{organisations[i]});
    }
    parties += "))";
  }
  auto observe = [&](const storage::Row& row) -> Result<void> {
    observations.push_back({static_cast<std::uint64_t>(row.int64(0)),
                            std::string(row.text(1)),
                            parse_utc(row.text(2)).release_value(),
                            std::string(row.text(3)),
                            {}});
    locations.emplace_back(row.text(4));
    return ok();
  };
  EXPECT_TRUE(tx->query("SELECT ledger_index, person_id, decided_at, reason_code, location FROM decisions "
                        "WHERE contract_id = ?" +
                            parties,
                        params, observe)
                  .ok());
  EXPECT_TRUE(tx->query("SELECT ledger_index, person_id, accessed_at, reason_code, location FROM access_events "
                        "WHERE contract_id = ?" +
                            parties,
                        params, observe)
                  .ok());
  service.read([&](const State& s) {
    const auto* c = s.contract(contract);
    for (std::size_t i = 0; i < observations.size(); ++i) {
      const auto* person = s.person(observations[i].person);
      const auto versions = person ? c->rosters.find(person->organisation) : c->rosters.end();
      if (versions == c->rosters.end() || versions->second.empty()) continue;
      for (const auto& location : versions->second.back().roster.locations)
        if (location.id == locations[i]) observations[i].hours = parse_work_hours(location.hours);
    }
  });
  return policy::find_anomalies(observations, {});
}

std::string describe(const std::vector<policy::Anomaly>& anomalies) {
  std::vector<std::string> lines;
  lines.reserve(anomalies.size());
  for (const auto& a : anomalies)
    lines.push_back(std::to_string(a.index) + " " + a.code + " " + a.person + " " + a.day + " " +
                    std::to_string(a.count) + " " + std::to_string(a.usual) + " " + a.hours);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

TEST_P(ServiceTest, MonitoringFromItsIndexFindsWhatReadingEveryRecordFinds) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  std::mt19937 random(20261205);
  const std::vector<std::string> people = {"p-suzuki", "p-tanaka", "p-sato", "p-watanabe", "p-nobody"};
  const std::vector<std::string> places = {"hq", "hq", "city-dc", "zd-office", "home", ""};
  const auto start = parse_utc("2026-09-01T00:00:00Z").release_value();  // 09:00 in Japan
  auto request_at = [&](const std::string& person, int day, int minute) {
    auto r = suzuki_copies_resident_records();
    r.person = person;
    r.action = Action::Read;
    r.location = places[random() % places.size()];
    r.at = start + std::chrono::days(day) + std::chrono::minutes(minute);
    return r;
  };
  auto record = [&](int rounds) {
    std::vector<policy::Request> decided, observed;
    for (int i = 0; i < rounds; ++i) {
      // Mostly office hours; now and then the evening or the night (in Japan).
      const int minute = random() % 10 < 8 ? static_cast<int>(random() % 480) : static_cast<int>(random() % 1440);
      auto r = request_at(people[random() % people.size()], static_cast<int>(random() % 8), minute);
      (random() % 4 ? decided : observed).push_back(r);
    }
    // 田中 has one very busy day.
    for (int i = 0; i < 30; ++i) decided.push_back(request_at("p-tanaka", 9, 60 + i));
    ASSERT_TRUE(service_->decide(decided, Actor{"token:t-1"}).ok());
    ASSERT_TRUE(service_->record_accesses(observed, Actor{"token:t-1"}).ok());
  };
  auto compare = [&] {
    for (const auto& organisations : std::vector<std::vector<std::string>>{{}, {"zenkoji-data"}}) {
      service::LogFilter scope;
      scope.every_party = organisations.empty();
      scope.organisations = organisations;
      const auto report = service_->monitoring("nagano-2026-001", scope);
      ASSERT_TRUE(report.ok()) << report.error().describe();
      const auto expected = anomalies_from_every_row(*database_, *service_, "nagano-2026-001", organisations);
      ASSERT_LT(expected.size(), service::kMonitoringAnomalies);
      EXPECT_EQ(describe(report->anomalies), describe(expected));
      std::uint64_t counted = 0;
      for (const auto& [code, n] : report->anomaly_counts) counted += n;
      EXPECT_EQ(counted, expected.size());
    }
  };
  record(120);
  compare();
  {
    const auto report = service_->monitoring("nagano-2026-001", {}).release_value();
    EXPECT_TRUE(report.anomaly_counts.contains("anomaly.volume_high"));
    EXPECT_TRUE(report.anomaly_counts.contains("anomaly.outside_hours"));
    EXPECT_TRUE(report.anomaly_counts.contains("anomaly.outside_location"));
  }
  // More records after the index was read once, and a restart that reads it all again.
  record(60);
  compare();
  reopen();
  compare();
}

TEST_P(ServiceTest, AReceiptVerifiesOfflineAndFailsOnceItsEntryIsAltered) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto index = service_->read(
      [](const State& s) { return s.contract("nagano-2026-001")->transfers.at("t-0001").receipt_index; });
  ASSERT_GT(index, 0u);
  auto issued = service::issue_receipt(*service_, index, "https://itaku.example", Actor::system());
  ASSERT_TRUE(issued.ok()) << issued.error().describe();
  const auto* pdf = &issued->pdf;
  const auto key = ledger_->verifier().to_string();
  auto verified = service::verify_receipt(*pdf, key, service_.get());
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  EXPECT_EQ(verified->index, index);
  EXPECT_EQ(verified->contract, "nagano-2026-001");
  EXPECT_EQ(verified->number, "長野市情政第2026-001号-R0001");
  // Another key: the checkpoint's signature does not verify.
  auto other = ledger::create_signing_key(dir_.path() / "other", "other.test/ledger");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(service::verify_receipt(*pdf, other->verifier().to_string()).ok());
  // The receipt's entry altered in the database: the live check fails.
  auto entry = ledger_->entry(index).release_value();
  const auto at = entry.find("2冊");
  ASSERT_NE(at, std::string::npos);
  entry.replace(at, std::string("2冊").size(), "1冊");
  {
    auto tx = database_->begin(storage::TransactionMode::Write).release_value();
    const storage::Param p[] = {storage::Blob{as_bytes(entry)}, static_cast<std::int64_t>(index)};
    ASSERT_TRUE(tx->execute("UPDATE ledger_entries SET entry = ? WHERE seq = ?", p).ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto altered = service::verify_receipt(*pdf, key, service_.get());
  ASSERT_FALSE(altered.ok());
  EXPECT_EQ(altered.error().code, "receipt.entry_altered");
}

// The receipt of the demo's first hand-over (two items: a USB stick of resident records and
// two printed design books), issued once.
class ReceiptTest : public ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    ASSERT_TRUE(service::load_demo(*service_).ok());
    index_ = service_->read(
        [](const State& s) { return s.contract("nagano-2026-001")->transfers.at("t-0001").receipt_index; });
    auto issued = service::issue_receipt(*service_, index_, "https://itaku.example", Actor::person("p-kobayashi"));
    ASSERT_TRUE(issued.ok()) << issued.error().describe();
    issued_ = issued.release_value();
    key_ = ledger_->verifier().to_string();
  }

  void expect_altered(const std::string& pdf) {
    auto verified = service::verify_receipt(pdf, key_, service_.get());
    ASSERT_FALSE(verified.ok()) << "an altered receipt verified";
    EXPECT_EQ(verified.error().code, "receipt.altered") << verified.error().describe();
    EXPECT_EQ(verified.error().kind, ErrorKind::Tampered);
    EXPECT_EQ(verified.error().context.at("index"), std::to_string(index_));
    EXPECT_EQ(verified.error().context.at("issued_sha256"), issued_.document.sha256);
  }

  std::uint64_t index_ = 0;
  service::IssuedReceipt issued_;
  std::string key_;
};

TEST_P(ReceiptTest, AnIssuedReceiptIsRecordedWithItsHashAndServedAgainByteForByte) {
  EXPECT_TRUE(issued_.newly_issued);
  EXPECT_EQ(issued_.document.sha256, to_hex(crypto::sha256(as_bytes(issued_.pdf))));
  EXPECT_EQ(issued_.document.size, issued_.pdf.size());
  EXPECT_EQ(issued_.document.of, index_);
  const auto entry = ledger_->entry(issued_.document.index).release_value();
  EXPECT_NE(entry.find("\"type\":\"document.issued\""), std::string::npos) << entry;
  EXPECT_NE(entry.find(issued_.document.sha256), std::string::npos) << entry;
  EXPECT_NE(entry.find("\"actor\":\"person:p-kobayashi\""), std::string::npos) << entry;

  // Downloaded again (after a restart, with another address even): the very same file.
  reopen();
  auto again = service::issue_receipt(*service_, index_, "https://elsewhere.example", Actor::system());
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_FALSE(again->newly_issued);
  EXPECT_EQ(again->pdf, issued_.pdf);
  EXPECT_EQ(again->document.index, issued_.document.index);
  auto verified = service::verify_receipt(again->pdf, key_, service_.get());
  ASSERT_TRUE(verified.ok()) << verified.error().describe();
  ASSERT_TRUE(verified->document.has_value());
  EXPECT_EQ(verified->document->sha256, issued_.document.sha256);
  EXPECT_EQ(verified->receipt.at("items").size(), 2u);
  EXPECT_EQ(count("issued_documents"), 1);
  EXPECT_EQ(count("document_files"), 1);
  expect_replay_matches();
  // Only a receipt.issued entry is documented as a receipt.
  auto not_receipt = service::issue_receipt(*service_, 1, "", Actor::system());
  ASSERT_FALSE(not_receipt.ok());
  EXPECT_EQ(not_receipt.error().code, "receipt.not_a_receipt");
}

// What a city expects of the paper: the number the pages show, the day and time of receipt in
// 和暦, who received and who handed over with their department and title, 以上 after the items,
// a file of tens of KB; and its QR code, read off the page, opens the public check of this very
// receipt, which shows the same number, time and persons.
TEST_P(ReceiptTest, TheIssuedReceiptPrintsWhatACityExpectsAndItsQrCodeOpensItsPublicCheck) {
  TempDir dir;
  const auto file = write_file(dir, "receipt.pdf", issued_.pdf);
  const std::string text = without_whitespace(pdf_text(file, TextOrder::ContentStream));
  const auto entry = ledger_->entry(index_).release_value();
  const auto received_at = service::printed_moment(
      parse_utc(nlohmann::json::parse(entry).at("event").at("at").get<std::string>()).release_value());
  EXPECT_TRUE(std::regex_match(received_at, std::regex("令和[0-9]+年[0-9]+月[0-9]+日 [0-9]+時[0-9]{2}分")))
      << received_at;
  for (const std::string& expected : std::vector<std::string>{
           "受領証番号長野市情政第2026-001号-R0001", "長野市長 様", "株式会社しなの情報システム",
           "公共事業部 部長山田 太郎", "受領日時" + received_at,
           "受領者株式会社しなの情報システム公共事業部 部長山田 太郎", "引渡者長野市情報政策課 主査小林 明美",
           "spec-v3住民記録システム設計書 第3版設計書紙2冊以上", "台帳記録番号" + std::to_string(index_)})
    EXPECT_NE(text.find(without_whitespace(expected)), std::string::npos) << expected << "\n" << text;
  EXPECT_TRUE(embeds_font_subsets(file, 100'000));

  const auto codes = pdf_qr_codes(file);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes.front(), service::receipt_link("https://itaku.example", index_, entry));
  const auto token = codes.front().substr(codes.front().find("&k=") + 3);
  auto record = service::public_receipt(*service_, index_, token);
  ASSERT_TRUE(record.ok()) << record.error().describe();
  EXPECT_EQ(record->receipt.number, "長野市情政第2026-001号-R0001");
  EXPECT_EQ(record->receipt.received_at, received_at);
  EXPECT_EQ(record->receipt.received_by_title + " " + record->receipt.received_by, "公共事業部 部長 山田 太郎");
  EXPECT_EQ(record->receipt.handed_over_by_title + " " + record->receipt.handed_over_by, "情報政策課 主査 小林 明美");
}

TEST_P(ReceiptTest, AReceiptWithOneByteChangedInItsCompressedPageContentDoesNotVerify) {
  auto pdf = issued_.pdf;
  const auto stream = pdf.find("stream\n", pdf.find("/FlateDecode"));
  ASSERT_NE(stream, std::string::npos);
  pdf[stream + 7 + 20] = static_cast<char>(pdf[stream + 7 + 20] ^ 0x01);
  expect_altered(pdf);
  // Offline, only the record inside can be checked, and it is intact: the answer says the file
  // itself was not checked.
  auto offline = service::verify_receipt(pdf, key_);
  ASSERT_TRUE(offline.ok()) << offline.error().describe();
  EXPECT_FALSE(offline->document.has_value());
}

TEST_P(ReceiptTest, AReceiptWithAnOverlayAppendedDoesNotVerify) {
  // An incremental update that draws another quantity and receiver over the page, as a PDF
  // editor appends it: the original bytes and the embedded record stay as they were.
  const std::string overlay =
      "\n99 0 obj\n<< /Length 60 >>\nstream\nBT /F1 9 Tf 480 560 Td (10) Tj 0 -200 Td (Mallory) Tj ET\n"
      "endstream\nendobj\nxref\n99 1\n0000000000 00000 n \ntrailer\n<< /Size 100 >>\nstartxref\n0\n%%EOF\n";
  expect_altered(issued_.pdf + overlay);
}

TEST_P(ReceiptTest, AReceiptWithOneItemLineRemovedDoesNotVerify) {
  // The receipt drawn again without its second item, carrying the genuine record inside.
  const auto payload = documents::extract_receipt_payload(issued_.pdf);
  ASSERT_TRUE(payload.ok());
  auto receipt = service::receipt_view(nlohmann::json::parse(ledger_->entry(index_).release_value()).at("event"));
  receipt.items.resize(1);
  receipt.ledger_index = index_;
  receipt.ledger_origin = ledger_->origin();
  receipt.verify_url = "https://itaku.example/receipts/verify";
  receipt.payload = *payload;
  auto forged = documents::render_receipt_pdf(receipt);
  ASSERT_TRUE(forged.ok()) << forged.error().describe();
  // The record inside still verifies on its own, which is why the file's hash must.
  ASSERT_TRUE(service::verify_receipt(*forged, key_).ok());
  expect_altered(*forged);
}

TEST_P(ReceiptTest, ThePublicRecordShowsWhatTheReceiptCarriesOnlyToWhoeverHoldsItsLink) {
  const auto entry = ledger_->entry(index_).release_value();
  const auto token = service::receipt_link_token(entry);
  auto record = service::public_receipt(*service_, index_, token);
  ASSERT_TRUE(record.ok()) << record.error().describe();
  // The receipt as it is printed, and nothing it does not carry (no person or hand-over ids).
  EXPECT_EQ(record->receipt.number, "長野市情政第2026-001号-R0001");
  EXPECT_EQ(record->receipt.items.size(), 2u);
  EXPECT_EQ(record->receipt.items.at(1).quantity, "2冊");
  EXPECT_EQ(record->receipt.received_by, "山田 太郎");
  EXPECT_EQ(record->receipt.received_by_title, "公共事業部 部長");
  EXPECT_EQ(record->receipt.handed_over_by_title, "情報政策課 主査");
  EXPECT_TRUE(record->receipt.verify_url.empty());
  EXPECT_TRUE(record->receipt.payload.empty());
  ASSERT_EQ(record->documents.size(), 1u);
  EXPECT_EQ(record->documents.front().sha256, issued_.document.sha256);
  EXPECT_EQ(service::receipt_link("https://itaku.example", index_, entry),
            "https://itaku.example/receipts/verify?index=" + std::to_string(index_) + "&k=" + token);
  // Another token, another index or an entry that is no receipt: nothing.
  auto wrong = token;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  EXPECT_EQ(service::public_receipt(*service_, index_, wrong).error().code, "receipt.unknown");
  EXPECT_EQ(service::public_receipt(*service_, index_, "").error().code, "receipt.unknown");
  EXPECT_EQ(service::public_receipt(*service_, 1, token).error().code, "receipt.unknown");
  EXPECT_EQ(service::public_receipt(*service_, 1u << 30, token).error().code, "receipt.unknown");
}

TEST_P(ServiceTest, StateRebuiltFromTheLedgerEqualsTheStateBeforeReopening) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  auto snapshot = [&] {
    return service_->read([](const State& s) {
      nlohmann::json out;
      for (const auto& [id, c] : s.contracts)
        for (const auto& [org, versions] : c.rosters)
          for (const auto& v : versions)
            out[id][org].push_back({v.version, to_json(v.roster), v.acknowledged_by.value_or("-"), v.ledger_index});
      for (const auto& [id, p] : s.people) out["people"][id] = p.active();
      out["next"] = s.next_index;
      return out;
    });
  };
  const auto before = snapshot();
  reopen();
  EXPECT_EQ(snapshot(), before);
}

TEST_P(ServiceTest, ARefusedCommandWritesNothing) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto size = ledger_->size();
  const auto rows = count("roster_versions");
  auto refused = service_->execute(AcknowledgeRoster{"nagano-2026-001", "shinano-is", 1, "p-kobayashi"},
                                   Principal::system(Actor::person("p-kobayashi")));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "roster.already_acknowledged");
  EXPECT_EQ(ledger_->size(), size);
  EXPECT_EQ(count("roster_versions"), rows);
}

TEST_P(ServiceTest, RowsWrittenBesideACommandAreDurableWithItsEventOrNotAtAll) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  auto write_credential = [](const char* login, bool fail) -> service::SideWrite {
    return [login, fail](storage::Transaction& tx) -> Result<void> {
      const storage::Param p[] = {storage::Text{login}};
      TRY(tx.execute("INSERT INTO credentials (login, failed_count, updated_at) VALUES (?, 0, 0)", p));
      if (fail) return make_error(ErrorKind::Conflict, "test.side_write", "失敗", "failed");
      return ok();
    };
  };
  auto credentials_of = [&](const char* login) {
    auto tx = database_->begin(storage::TransactionMode::Read).release_value();
    const storage::Param p[] = {storage::Text{login}};
    return tx->query_int("SELECT COUNT(*) FROM credentials WHERE login = ?", p)->value_or(-1);
  };
  // The side write fails: the command records nothing, its projection and the row are gone.
  const auto size = ledger_->size();
  auto refused =
      service_->execute(RegisterUser{"kato", "p-tanaka"}, Principal::system(), write_credential("kato", true));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "test.side_write");
  EXPECT_EQ(ledger_->size(), size);
  EXPECT_EQ(credentials_of("kato"), 0);
  EXPECT_FALSE(service_->read([](const State& s) { return s.users.contains("kato"); }));
  // It succeeds: the event and the row are there together, and survive a reopening.
  auto recorded =
      service_->execute(RegisterUser{"kato", "p-tanaka"}, Principal::system(), write_credential("kato", false));
  ASSERT_TRUE(recorded.ok()) << recorded.error().describe();
  EXPECT_EQ(ledger_->size(), size + 1);
  reopen();
  EXPECT_EQ(credentials_of("kato"), 1);
  EXPECT_TRUE(service_->read([](const State& s) { return s.users.contains("kato"); }));
  // The domain refuses the command (the login exists): the side write is not kept either.
  ASSERT_FALSE(
      service_->execute(RegisterUser{"kato", "p-tanaka"}, Principal::system(), write_credential("kato-2", false)).ok());
  EXPECT_EQ(credentials_of("kato-2"), 0);
  EXPECT_EQ(ledger_->size(), size + 1);
}

TEST_P(ServiceTest, ReplayInPlaceRestoresADamagedProjection) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  {
    auto tx = database_->begin(storage::TransactionMode::Write).release_value();
    ASSERT_TRUE(tx->execute("DELETE FROM roster_members").ok());
    ASSERT_TRUE(tx->execute("UPDATE contracts SET state = 'closed'").ok());
    ASSERT_TRUE(tx->commit().ok());
  }
  auto report = service::replay_check(*database_, dir_.path());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->differences.empty());
  ASSERT_TRUE(service::replay_in_place(*database_).ok());
  expect_replay_matches();
}

// A long randomized sequence of valid and invalid commands: whatever is accepted, the
// projections rebuilt from the ledger equal the live ones, and refused commands leave no trace.
TEST_P(ServiceTest, ReplayEqualsLiveAfterALongRandomSequence) {
  ASSERT_TRUE(service::import_builtin_provisions(*service_, Actor::system()).ok());
  std::mt19937 random(7);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  auto exec = [&](const Command& c) { return service_->execute(c, Principal::system()); };
  ASSERT_TRUE(exec(RegisterOrganisation{"city", "city", "テスト市", ""}).ok());
  ASSERT_TRUE(exec(RegisterPerson{"officer", "city", "市 職員", "", ""}).ok());
  std::vector<std::string> orgs, people, contracts;
  int accepted = 0, refused = 0;
  for (int step = 0; step < 300; ++step) {
    const auto size = ledger_->size();
    Result<std::uint64_t> result = make_error(ErrorKind::Internal, "none", "", "");
    switch (pick(8)) {
      case 0: {
        const auto id = "org" + std::to_string(pick(12));
        result = exec(RegisterOrganisation{id, pick(5) ? "contractor" : "vendor", "事業者" + id, ""});
        if (result) orgs.push_back(id);
        break;
      }
      case 1: {
        if (orgs.empty()) continue;
        const auto id = "p" + std::to_string(pick(40));
        result = exec(RegisterPerson{id, orgs[pick(static_cast<int>(orgs.size()))], "氏名" + id, "", ""});
        if (result) people.push_back(id);
        break;
      }
      case 2: {
        if (orgs.empty()) continue;
        const auto id = "c" + std::to_string(pick(8));
        result = exec(CreateContract{id, "no-" + id, "件名", "課", "city", orgs[pick(static_cast<int>(orgs.size()))],
                                     "2026-04-01", pick(6) ? "2027-03-31" : "2025-01-01", "作業",
                                     pick(2) ? "nagano" : "kisarazu", ""});
        if (result) contracts.push_back(id);
        break;
      }
      case 3:
      case 4: {
        if (contracts.empty() || people.empty()) continue;
        const auto& contract = contracts[pick(static_cast<int>(contracts.size()))];
        const auto org = service_->read([&](const State& s) {
          const auto* c = s.contract(contract);
          return c && c->contractor() ? c->contractor()->organisation : std::string();
        });
        std::vector<std::string> members;
        service_->read([&](const State& s) {
          for (const auto& [id, p] : s.people)
            if (p.organisation == org && (p.active() || pick(4) == 0)) members.push_back(id);
        });
        if (members.empty()) members.push_back(people[0]);
        Roster r;
        r.responsible = members[pick(static_cast<int>(members.size()))];
        r.information_manager = members[pick(static_cast<int>(members.size()))];
        for (const auto& m : members)
          if (pick(2)) r.workers.push_back({m, "作業" + std::to_string(pick(3)), "2026-04-01", ""});
        r.locations = {{"loc" + std::to_string(pick(2)), "場所", "住所" + std::to_string(pick(3)), pick(2) == 0,
                        pick(3) == 0 ? "09:00-18:00" : ""}};
        if (!r.workers.empty() && pick(2))
          r.access.push_back({"個人情報", r.workers[0].person, pick(2) ? "view" : "use"});
        result = exec(SubmitRoster{contract, org, r, "変更"});
        break;
      }
      case 5: {
        if (contracts.empty()) continue;
        result = exec(AcknowledgeRoster{contracts[pick(static_cast<int>(contracts.size()))],
                                        orgs.empty() ? "" : orgs[pick(static_cast<int>(orgs.size()))], 1 + pick(3),
                                        pick(4) ? "officer" : "nobody"});
        break;
      }
      case 6: {
        if (people.empty()) continue;
        result = exec(RecordDeparture{people[pick(static_cast<int>(people.size()))], pick(2) ? "left" : "transferred",
                                      "2026-0" + std::to_string(5 + pick(4)) + "-01"});
        break;
      }
      case 7: {
        if (contracts.empty()) continue;
        const ContractState targets[] = {ContractState::Active, ContractState::Closing, ContractState::Closed};
        result = exec(ChangeContractState{contracts[pick(static_cast<int>(contracts.size()))], targets[pick(3)]});
        break;
      }
    }
    if (result) {
      ++accepted;
    } else {
      ++refused;
      EXPECT_EQ(ledger_->size(), size) << "a refused command was recorded: " << result.error().code;
    }
    clock_.advance(std::chrono::seconds(1));
  }
  EXPECT_GT(accepted, 50);
  EXPECT_GT(refused, 20);
  expect_replay_matches();
  auto verified = ledger::verify_database(*database_, std::nullopt, {});
  EXPECT_TRUE(verified.ok());
}

// Two instances on one database, each with its own ledger and state as two `itaku serve`
// processes have, acknowledge the same hand-over from the city at the same moment, ten times:
// each time exactly one succeeds and the other is refused by the domain's own rule, and every
// hand-over has one acknowledgement and one receipt, each receipt number once.
TEST_P(ServiceTest, TheSameCommandOnTwoInstancesSucceedsOnce) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  auto other_ledger =
      ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_).release_value();
  auto other = service::Service::open(*database_, *other_ledger, clock_).release_value();
  const auto system = Principal::system();
  constexpr int kRounds = 10;
  for (int round = 0; round < kRounds; ++round) {
    const auto asset = "race-" + std::to_string(round);
    const auto transfer = "t-race-" + std::to_string(round);
    ASSERT_TRUE(service_
                    ->execute(RegisterAsset{"nagano-2026-001", asset, "personal", "住民票データ", "city", "", "USB",
                                            "1", "p-kobayashi", "情報政策課"},
                              system)
                    .ok());
    ASSERT_TRUE(
        service_
            ->execute(TransferAssets{"nagano-2026-001", transfer, {asset}, "p-kobayashi", "p-yamada", "貸与"}, system)
            .ok());
    ASSERT_TRUE(other->catch_up().ok());
    std::promise<void> go;
    const auto start = go.get_future().share();
    auto acknowledge = [&](service::Service* s) {
      start.wait();
      return s->execute(AcknowledgeTransfer{"nagano-2026-001", transfer, "p-yamada"}, system);
    };
    auto a = std::async(std::launch::async, acknowledge, service_.get());
    auto b = std::async(std::launch::async, acknowledge, other.get());
    go.set_value();
    const auto first = a.get();
    const auto second = b.get();
    ASSERT_EQ(int(first.ok()) + int(second.ok()), 1) << "round " << round;
    const auto& refused = first.ok() ? second : first;
    EXPECT_EQ(refused.error().code, "custody.already_acknowledged");
  }
  auto tx = database_->begin(storage::TransactionMode::Read).release_value();
  EXPECT_EQ(
      tx->query_int("SELECT COUNT(*) FROM custody_transfers WHERE id LIKE 't-race-%' AND receipt_number IS NOT NULL")
          ->value_or(-1),
      kRounds);
  EXPECT_EQ(
      tx->query_int("SELECT COUNT(DISTINCT receipt_number) FROM custody_transfers WHERE receipt_number IS NOT NULL")
          ->value_or(-1),
      tx->query_int("SELECT COUNT(*) FROM custody_transfers WHERE receipt_number IS NOT NULL")->value_or(-2));
  tx.reset();
  // Both instances hold the same state, and a replay of the ledger gives the same tables.
  ASSERT_TRUE(service_->catch_up().ok());
  ASSERT_TRUE(other->catch_up().ok());
  const auto acknowledged = [](service::Service& s) {
    return s.read([](const State& state) {
      std::size_t n = 0;
      for (const auto& [id, t] : state.contract("nagano-2026-001")->transfers) n += t.acknowledged_by.has_value();
      return n;
    });
  };
  EXPECT_EQ(acknowledged(*service_), acknowledged(*other));
  other.reset();
  other_ledger.reset();
  expect_replay_matches();
}

// The city's written approval (木更津市 第3条(2)): a copy approval for three copies allows
// three copy decisions in all — on two instances deciding at once — then denies with the
// clause; each allowed decision is recorded as the approval's use; a revoked approval allows
// nothing more.
TEST_P(ServiceTest, ACopyApprovalAllowsItsCopiesOnEveryInstanceTogetherAndThenDenies) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto system = Principal::system();
  auto run = [&](const Command& command) {
    auto done = service_->execute(command, system);
    ASSERT_TRUE(done.ok()) << done.error().describe();
  };
  run(RequestApproval{"kisarazu-2026-014",
                      "a-copy",
                      "copy",
                      "shinano-is",
                      "設計書の差分を確認するため",
                      {},
                      {"設計書"},
                      {"p-tanaka"},
                      {},
                      "",
                      "2026-09-01",
                      "2026-09-30",
                      3,
                      {"施錠保管"},
                      ""});
  policy::Request copy;
  copy.contract = "kisarazu-2026-014";
  copy.person = "p-tanaka";
  copy.action = Action::Copy;
  copy.asset_class = "設計書";
  copy.location = "hq";
  copy.purpose = "kisarazu-2026-014";
  const Actor token{"token:t-copy"};
  // Asked for, not yet approved: no approval to find.
  auto asked = service_->decide(std::span(&copy, 1), token);
  ASSERT_TRUE(asked.ok()) << asked.error().describe();
  EXPECT_EQ((*asked)[0].decision.reasons.front().code, "decision.approval_missing");
  run(DecideApproval{"kisarazu-2026-014", "a-copy", ApprovalOutcome::Approved, "複写物は業務終了時に廃棄すること", ""});

  auto other_ledger =
      ledger::Ledger::open(*database_, ledger::load_signing_key(dir_.path()).release_value(), clock_).release_value();
  auto other = service::Service::open(*database_, *other_ledger, clock_).release_value();
  std::promise<void> go;
  const auto start = go.get_future().share();
  auto decide_copies = [&](service::Service* s) {
    start.wait();
    int allowed = 0;
    for (int i = 0; i < 3; ++i) {
      auto decided = s->decide(std::span(&copy, 1), token);
      if (decided.ok() && (*decided)[0].decision.effect == policy::Effect::Allow) ++allowed;
    }
    return allowed;
  };
  auto a = std::async(std::launch::async, decide_copies, service_.get());
  auto b = std::async(std::launch::async, decide_copies, other.get());
  go.set_value();
  EXPECT_EQ(a.get() + b.get(), 3) << "three copies approved, three allowed in all";

  ASSERT_TRUE(service_->catch_up().ok());
  auto fourth = service_->decide(std::span(&copy, 1), token).release_value();
  ASSERT_EQ(fourth[0].decision.effect, policy::Effect::Deny);
  EXPECT_EQ(fourth[0].decision.reasons.front().code, "decision.approval_exhausted");
  EXPECT_EQ(fourth[0].decision.reasons.front().clause, "木更津市 第3条(2)");
  const auto uses =
      service_->read([](const State& s) { return s.contract("kisarazu-2026-014")->approvals.at("a-copy").uses; });
  ASSERT_EQ(uses.size(), 3u);
  auto tx = database_->begin(storage::TransactionMode::Read).release_value();
  for (const auto index : uses) {
    const storage::Param p[] = {static_cast<std::int64_t>(index)};
    EXPECT_EQ(
        tx->query_int("SELECT COUNT(*) FROM decisions WHERE ledger_index = ? AND effect = 'allow'", p)->value_or(0), 1)
        << "use " << index << " names an allowed decision";
  }
  tx.reset();

  // Another approval, revoked: it allows nothing.
  run(RequestApproval{"kisarazu-2026-014",
                      "a-more",
                      "copy",
                      "shinano-is",
                      "追加の複写",
                      {},
                      {"設計書"},
                      {"p-tanaka"},
                      {},
                      "",
                      "2026-09-01",
                      "2026-09-30",
                      5,
                      {"施錠保管"},
                      ""});
  run(DecideApproval{"kisarazu-2026-014", "a-more", ApprovalOutcome::Approved, "", ""});
  EXPECT_EQ(service_->decide(std::span(&copy, 1), token).release_value()[0].decision.effect, policy::Effect::Allow);
  run(RevokeApproval{"kisarazu-2026-014", "a-more", "複写物の管理に不備があったため"});
  EXPECT_EQ(service_->decide(std::span(&copy, 1), token).release_value()[0].decision.reasons.front().code,
            "decision.approval_exhausted");
  other.reset();
  other_ledger.reset();
  expect_replay_matches();
}

// A ledger that breaks what a command guarantees — a second acknowledgement of one hand-over,
// as two instances deciding on stale states once wrote — is refused by the replay check and at
// start-up, naming the entry.
TEST_P(ServiceTest, ALedgerHoldingASecondAcknowledgementIsRefused) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  const auto twice =
      make_event(CustodyAcknowledged{"t-0001", "p-yamada"}, Actor::system(), clock_.now(), "nagano-2026-001");
  const auto index = ledger_->append(to_canonical(twice).release_value());
  ASSERT_TRUE(index.ok()) << index.error().describe();
  const auto report = service::replay_check(*database_, dir_.path());
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code, "event.cannot_apply");
  EXPECT_NE(report.error().describe().find("#" + std::to_string(*index)), std::string::npos)
      << report.error().describe();
  service_.reset();
  EXPECT_FALSE(service::Service::open(*database_, *ledger_, clock_).ok());
}

// A receipt number given twice (two receipts of one hand-over, or R0002 twice) is refused the
// same way: receipts are numbered in sequence within the contract.
TEST_P(ServiceTest, ALedgerHoldingAReceiptNumberTwiceIsRefused) {
  ASSERT_TRUE(service::load_demo(*service_).ok());
  ReceiptIssued again;
  again.number = "長野市情政第2026-001号-R0001";
  again.transfer = "t-0001";
  const auto index = ledger_->append(
      to_canonical(make_event(again, Actor::system(), clock_.now(), "nagano-2026-001")).release_value());
  ASSERT_TRUE(index.ok()) << index.error().describe();
  const auto report = service::replay_check(*database_, dir_.path());
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.error().describe().find("#" + std::to_string(*index)), std::string::npos)
      << report.error().describe();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServiceTest, ::testing::ValuesIn(test_backends()), backend_name);
INSTANTIATE_TEST_SUITE_P(Backends, ReceiptTest, ::testing::ValuesIn(test_backends()), backend_name);

}  // namespace
}  // namespace itaku::testing
