#pragma once
// People's obligations (長野市 第4 教育, 第10 秘密保持; 木更津市 第2条 秘密の保持, 第7条 周知,
// 第11条(2) 教育): the training a party gives its workers, each worker's acknowledgement of the
// contract's provisions, and the pledges and NDAs they sign. A worker's standing — training
// valid until when, the provisions acknowledged or not — is read here once, by the decisions
// (policy), the compliance evaluators and the pages alike.
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_training, are internal to the domain module: callers use decide().

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// training.course_defined: a course of party `organisation` (its responsible person or
// information manager define it, or the city's officers).
struct DefineCourse {
  static constexpr std::string_view kName = "training.define_course";
  std::string contract, id, organisation, title, outline, provider, hours;
  std::vector<std::string> classes;
  std::string valid_for;
  static constexpr auto members() {
    using T = DefineCourse;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("講座のID", "Course id")
            .help("省略すると course-NNNN", "course-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("organisation", &T::organisation)
            .label("実施する当事者", "Given by")
            .help("受講する従事者の所属する当事者", "the party whose workers attend")
            .refers("organisation"),
        schema::member("title", &T::title).label("講座名", "Title").max_length(200),
        schema::member("outline", &T::outline, Presence::Optional)
            .label("内容", "Outline")
            .help("長野市 第4: 市が必要とする場合に提示する教育の内容",
                  "what the course covers, as shown to the city on request")
            .format(schema::Format::Multiline)
            .max_length(2000),
        schema::member("provider", &T::provider, Presence::Optional)
            .label("実施者", "Provider")
            .help("社内研修、外部機関、eラーニングの名称など", "in-house, an outside body, an e-learning system…")
            .max_length(200),
        schema::member("hours", &T::hours, Presence::Optional)
            .label("時間", "Hours")
            .help("受講に要する時間（例: 1.5）", "how long it takes (e.g. 1.5)")
            .max_length(8),
        schema::member("classes", &T::classes, Presence::Optional)
            .label("対象とする情報資産の種類", "Classes it qualifies for")
            .help("省略するとすべての種類", "every class when none is chosen")
            .refers("asset_class"),
        schema::member("valid_for", &T::valid_for, Presence::Optional)
            .label("有効期間", "Valid for")
            .help("受講から有効な期間（P1Y: 1年）。特記事項が定める場合はそちらが優先",
                  "how long attendance counts (P1Y: a year); the provisions' own period comes first")
            .max_length(16)};
  }
};

// training.session_recorded from a form or the command line: who attended and passed, and
// who attended and did not, all completing on the session's date.
struct RecordTrainingSession {
  static constexpr std::string_view kName = "training.record_session";
  std::string contract, id, course, date, place, instructor;
  std::vector<std::string> attendees;
  std::vector<std::string> not_passed;
  static constexpr auto members() {
    using T = RecordTrainingSession;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id, Presence::Optional)
            .label("実施回のID", "Session id")
            .help("省略すると ts-NNNN", "ts-NNNN when left out")
            .format(schema::Format::Id),
        schema::member("course", &T::course).label("講座", "Course").refers("course"),
        schema::member("date", &T::date).label("実施日", "Date").format(schema::Format::Date),
        schema::member("place", &T::place, Presence::Optional)
            .label("場所", "Place")
            .help("会場、又はオンライン", "a room, or online")
            .max_length(200),
        schema::member("instructor", &T::instructor, Presence::Optional).label("講師", "Instructor").max_length(200),
        schema::member("attendees", &T::attendees).label("受講し修了した人", "Attended and passed").refers("person"),
        schema::member("not_passed", &T::not_passed, Presence::Optional)
            .label("受講したが修了しなかった人", "Attended, did not pass")
            .refers("person")};
  }
};

// training.session_recorded from an e-learning system's export: one row per person, each with
// the day they completed the course. Every row is checked; one bad row refuses them all.
struct ImportTrainingAttendance {
  static constexpr std::string_view kName = "training.import_attendance";
  std::string contract, id, course, source;
  std::vector<TrainingAttendance> rows;
  static constexpr auto members() {
    using T = ImportTrainingAttendance;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id, Presence::Optional)
                          .label("実施回のID", "Session id")
                          .help("省略すると ts-NNNN", "ts-NNNN when left out")
                          .format(schema::Format::Id),
                      schema::member("course", &T::course).label("講座", "Course").refers("course"),
                      schema::member("source", &T::source, Presence::Optional)
                          .label("取込元", "Source")
                          .help("eラーニングシステムの名称、ファイル名など", "the e-learning system, the file…")
                          .max_length(200),
                      schema::member("rows", &T::rows).label("受講記録", "Attendance")};
  }
};

// provisions.acknowledged: `person` acknowledges the contract's provisions as they are now —
// `hash` is the set's hash they were shown; another hash is a version they did not see.
struct AcknowledgeProvisions {
  static constexpr std::string_view kName = "provisions.acknowledge";
  std::string contract, person, hash;
  static constexpr auto members() {
    using T = AcknowledgeProvisions;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("person", &T::person).label("確認した人", "Acknowledged by").refers("person"),
                      schema::member("hash", &T::hash)
                          .label("確認した特記事項のハッシュ", "Hash of the provisions seen")
                          .help("契約の特記事項の版のSHA-256", "the SHA-256 of the contract's provision set version")
                          .max_length(64)};
  }
};

// pledge.signed: a pledge (誓約書) or NDA (秘密保持契約) `person` signed, by its document's SHA-256.
struct RecordPledge {
  static constexpr std::string_view kName = "pledge.record";
  std::string contract, person, kind, document_sha256, signed_on, countersigned_by;
  static constexpr auto members() {
    using T = RecordPledge;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("person", &T::person).label("署名した人", "Signed by").refers("person"),
        schema::member("kind", &T::kind)
            .label("種類", "Kind")
            .help("pledge（誓約書）又は nda（秘密保持契約）", "pledge (誓約書) or nda (秘密保持契約)")
            .max_length(16),
        schema::member("document_sha256", &T::document_sha256)
            .label("文書のSHA-256", "Document SHA-256")
            .help("署名された文書（PDF等）のSHA-256（64桁の16進数）", "the signed document's SHA-256 (64 hex digits)")
            .max_length(64),
        schema::member("signed_on", &T::signed_on).label("署名日", "Signed on").format(schema::Format::Date),
        schema::member("countersigned_by", &T::countersigned_by, Presence::Optional)
            .label("相手方の署名者", "Countersigned by")
            .refers("person")};
  }
};

// training.expiry_notified: the system tells each party whose worker's training is about to
// expire (within the set's training.valid `remind_before`, 30 days unless it says otherwise), once
// per expiry, on `contract` or on every active contract when it is empty. Nothing due is
// training.no_reminders_due (409): nothing is recorded.
struct SendTrainingReminders {
  static constexpr std::string_view kName = "training.remind";
  std::string contract;
  static constexpr auto members() {
    using T = SendTrainingReminders;
    return std::tuple{schema::member("contract", &T::contract, Presence::Optional)
                          .label("契約", "Contract")
                          .help("省略するとすべての契約", "every contract when left out")
                          .refers("contract")};
  }
};

// training.reported: the service records a training report it rendered
// (service/training_documents.hpp); people do not write reports by hand.
struct RecordTrainingReport {
  static constexpr std::string_view kName = "training.report";
  std::string contract, organisation;
  Timestamp as_of{};
  std::uint64_t workers = 0;
  std::map<std::string, std::uint64_t> counts;
  std::vector<ReportedFile> files;
  static constexpr auto members() {
    using T = RecordTrainingReport;
    return std::tuple{schema::member("contract", &T::contract).refers("contract"),
                      schema::member("organisation", &T::organisation).refers("organisation"),
                      schema::member("as_of", &T::as_of),
                      schema::member("workers", &T::workers),
                      schema::member("counts", &T::counts),
                      schema::member("files", &T::files)};
  }
};

Result<std::vector<Event>> decide_training(const State& state, const DefineCourse& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const RecordTrainingSession& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const ImportTrainingAttendance& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const AcknowledgeProvisions& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const RecordPledge& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const SendTrainingReminders& c, const Actor& actor,
                                           Timestamp now);
Result<std::vector<Event>> decide_training(const State& state, const RecordTrainingReport& c, const Actor& actor,
                                           Timestamp now);

// One row of an attendance import, checked alone (the person known and of a party of the
// contract, the date a date not after `today`, the certificate's hash 64 hex digits): the
// preview shows each row's refusal, and the import refuses the first.
Result<void> check_attendance(const State& state, const Contract& contract, const TrainingAttendance& row,
                              const std::string& today);

// --- attendance exported by e-learning systems ---

// One line of an attendance file, read: its row, or why it cannot be recorded (the person
// unknown, the date unreadable…) next to the line number and what the line said.
struct AttendanceLine {
  std::size_t line = 0;  // 1-based, the header being line 1
  std::string who;       // the person as the file names them (an id or an e-mail address)
  TrainingAttendance row;
  std::optional<Error> error;
};
// Reads CSV (RFC 4180; UTF-8, a BOM allowed) with a header line naming its columns: the person
// (person, id, 受講者ID) or their e-mail address (email, メールアドレス), the day completed
// (completed, date, 修了日, 受講日), optionally the result (passed, result, 合否: true/false,
// yes/no, 合格/不合格, 修了/未修了, 1/0; passed when absent) and the certificate's SHA-256
// (certificate_sha256, sha256). Bounded while it reads: at most 2 MiB, 10,000 lines, 256
// characters a field. A file that cannot be read as such (no header, a column missing, too
// big, an unclosed quote) is an error of its own (training.file_invalid).
Result<std::vector<AttendanceLine>> read_attendance_csv(const State& state, const Contract& contract,
                                                        std::string_view text, const std::string& today);
// The same from a table already read (the first sheet of an .xlsx workbook, the first row its
// header): `serial_date` turns a spreadsheet's day number in the completed column into a date.
using SerialDate = std::function<std::optional<std::string>(std::string_view)>;
Result<std::vector<AttendanceLine>> read_attendance_table(const State& state, const Contract& contract,
                                                          const std::vector<std::vector<std::string>>& records,
                                                          const std::string& today,
                                                          const SerialDate& serial_date = nullptr);

// --- a worker's standing ---

// What a passed attendance counts for: the course, the classes it qualifies for (empty:
// every class), and the last day it is valid ("9999-12-31" when neither the provisions nor
// the course limit it).
struct TrainingCredit {
  const TrainingCourse* course = nullptr;
  const TrainingSession* session = nullptr;
  std::string completed;
  std::string valid_until;
};
inline constexpr std::string_view kNoExpiry = "9999-12-31";

// How long attendance of `course` counts on `contract`: the provision set's training.valid
// `valid_for` when it gives one, else the course's own; empty when neither does.
std::string training_validity(const State& state, const Contract& contract, const TrainingCourse& course);
// Every passed attendance of `person` on the contract, in ledger order.
std::vector<TrainingCredit> training_credits(const State& state, const Contract& contract, const std::string& person);
// Every passed attendance on the contract by person, in one pass (for lists of every worker).
std::map<std::string, std::vector<TrainingCredit>, std::less<>> training_credits_by_person(const State& state,
                                                                                           const Contract& contract);
// Of `credits`, the one valid longest for class `asset_class` (a class id), or nullopt.
std::optional<TrainingCredit> best_credit(const std::vector<TrainingCredit>& credits, const std::string& asset_class);
// What a worker named for `classes` (class ids) is trained for: the credit that expires first
// among the best one for each class, nullopt when some class has none; with no classes, the
// credit valid longest.
std::optional<TrainingCredit> credit_for_classes(const std::vector<TrainingCredit>& credits,
                                                 const std::vector<std::string>& classes);
// `date` (YYYY-MM-DD) plus an ISO 8601 duration, less one day: the last day of a period that
// starts on `date`. kNoExpiry for an empty or unreadable duration.
std::string last_day_of(const std::string& date, const std::string& duration);

// The person's acknowledgement of the contract's provisions as they are now (name, version
// and hash), or nullptr; and their latest of any version.
const ProvisionsAcknowledgement* current_acknowledgement(const Contract& contract, const std::string& person);
const ProvisionsAcknowledgement* latest_acknowledgement(const Contract& contract, const std::string& person);
// The person's latest pledge of `kind` ("pledge" or "nda"), or nullptr.
const Pledge* latest_pledge(const Contract& contract, const std::string& person, std::string_view kind);

// A person's standing on the contract, as the pages, the API and the to-do list show it: everyone
// ever named on a roster of one of its parties, with the classes the latest roster names them
// for, the training that decides for them, and what they acknowledged and signed.
enum class TrainingStatus { Valid, Expiring, Expired, Missing };
std::string_view to_string(TrainingStatus status);
enum class AcknowledgementStatus { Current, Outdated, Missing };
std::string_view to_string(AcknowledgementStatus status);

struct WorkerStanding {
  const Person* person = nullptr;
  bool on_roster = false;   // a worker, the responsible person or the information manager of the latest version
  std::string from, until;  // the worker's period on the latest version ("" when not a worker there)
  std::vector<std::string> classes;  // class ids the latest version names them for
  std::optional<TrainingCredit> training;
  TrainingStatus training_status = TrainingStatus::Missing;
  const ProvisionsAcknowledgement* acknowledgement = nullptr;  // the latest, of any version
  AcknowledgementStatus acknowledgement_status = AcknowledgementStatus::Missing;
  const Pledge* pledge = nullptr;
  const Pledge* nda = nullptr;
};
// In the order of the parties, then of the rosters. `today` is YYYY-MM-DD in Japan; training
// is Expiring when it ends within the set's training.valid `remind_before` (30 days).
std::vector<WorkerStanding> worker_standings(const State& state, const Contract& contract, const std::string& today);
// The last day before which training ending is Expiring: `today` plus remind_before.
std::string training_reminder_horizon(const State& state, const Contract& contract, const std::string& today);

}  // namespace itaku::domain
