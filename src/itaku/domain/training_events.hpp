#pragma once
// Events of training (教育; 長野市 第4, 木更津市 第11条(2)): a course a party gives, and a session
// of it with who attended, when they completed it and whether they passed (domain/training.hpp).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
#include "itaku/domain/document_events.hpp"
#include "itaku/domain/event_types.hpp"
#include "itaku/domain/model.hpp"

namespace itaku::domain {

// training.course_defined: course `id` of party `organisation` on the event's contract.
struct TrainingCourseDefined {
  static constexpr std::string_view kType = "training.course_defined";
  std::string id, organisation, title, outline, provider, hours;
  std::vector<std::string> classes;  // empty: every class
  std::string valid_for;             // ISO 8601 duration, or empty
  static constexpr auto members() {
    using T = TrainingCourseDefined;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("organisation", &T::organisation),
                      schema::member("title", &T::title),
                      schema::member("outline", &T::outline, Presence::OmitEmpty),
                      schema::member("provider", &T::provider, Presence::OmitEmpty),
                      schema::member("hours", &T::hours, Presence::OmitEmpty),
                      schema::member("classes", &T::classes, Presence::OmitEmpty),
                      schema::member("valid_for", &T::valid_for, Presence::OmitEmpty)};
  }
};

// One attendee as training.session_recorded writes them: `passed` as "yes" or "no" (an event
// holds no JSON booleans: canonical JSON has integers, strings, arrays and objects only).
struct AttendanceRecord {
  std::string person, completed;
  bool passed = true;
  std::string certificate_sha256;
  static constexpr auto members() {
    using T = AttendanceRecord;
    return std::tuple{schema::member("person", &T::person), schema::member("completed", &T::completed),
                      schema::yes_no("passed", &T::passed),
                      schema::member("certificate_sha256", &T::certificate_sha256, Presence::OmitEmpty)};
  }
};

// training.session_recorded: session `id` of `course` held on `date` at `place` by `instructor`,
// and its attendees (each with the day they completed it: an e-learning course is completed
// on each person's own day).
struct TrainingSessionRecorded {
  static constexpr std::string_view kType = "training.session_recorded";
  std::string id, course, date, place, instructor;
  std::vector<AttendanceRecord> attendees;
  static constexpr auto members() {
    using T = TrainingSessionRecorded;
    return std::tuple{schema::member("id", &T::id),
                      schema::member("course", &T::course),
                      schema::member("date", &T::date),
                      schema::member("place", &T::place, Presence::OmitEmpty),
                      schema::member("instructor", &T::instructor, Presence::OmitEmpty),
                      schema::member("attendees", &T::attendees)};
  }
};

// provisions.acknowledged: `person` acknowledged provision set `name` version `version` whose
// hash is `hash` — the contract's, as it was when they did (長野市 第10, 木更津市 第7条).
struct ProvisionsAcknowledged {
  static constexpr std::string_view kType = "provisions.acknowledged";
  std::string person, name, version, hash;
  static constexpr auto members() {
    using T = ProvisionsAcknowledged;
    return std::tuple{schema::member("person", &T::person), schema::member("name", &T::name),
                      schema::member("version", &T::version), schema::member("hash", &T::hash)};
  }
};

// pledge.signed: `person` signed a 誓約書 (`kind` "pledge") or 秘密保持契約 ("nda") on `signed_on`,
// the document's SHA-256, countersigned by `countersigned_by` when someone did.
struct PledgeSigned {
  static constexpr std::string_view kType = "pledge.signed";
  std::string person, kind, document_sha256, signed_on, countersigned_by;
  static constexpr auto members() {
    using T = PledgeSigned;
    return std::tuple{schema::member("person", &T::person), schema::member("kind", &T::kind),
                      schema::member("document_sha256", &T::document_sha256),
                      schema::member("signed_on", &T::signed_on),
                      schema::member("countersigned_by", &T::countersigned_by, Presence::OmitEmpty)};
  }
};

// training.expiry_notified: the system told `person`'s party that their training is valid only
// through `valid_until` (the notification.created beside it says so); one expiry is told once.
struct TrainingExpiryNotified {
  static constexpr std::string_view kType = "training.expiry_notified";
  std::string person, valid_until;
  static constexpr auto members() {
    using T = TrainingExpiryNotified;
    return std::tuple{schema::member("person", &T::person), schema::member("valid_until", &T::valid_until)};
  }
};

// training.reported: a training report (長野市 第4: 教育の内容及び実施状況) was issued for the
// city — of party `organisation` (乙 or a 丙), as of `as_of`,
// naming `workers` people, how many of them stood how (`counts`: training status → people), and
// the hashes of its table files; its PDF is the document.issued of kind training_report that
// follows.
struct TrainingReported {
  static constexpr std::string_view kType = "training.reported";
  std::string organisation;
  Timestamp as_of{};
  std::uint64_t workers = 0;
  std::map<std::string, std::uint64_t> counts;
  std::vector<ReportedFile> files;
  static constexpr auto members() {
    using T = TrainingReported;
    return std::tuple{schema::member("organisation", &T::organisation), schema::member("as_of", &T::as_of),
                      schema::member("workers", &T::workers), schema::member("counts", &T::counts),
                      schema::member("files", &T::files)};
  }
};

void register_training_events(EventTypes& types);

}  // namespace itaku::domain
