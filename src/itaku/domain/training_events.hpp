#pragma once
// Events of training (教育; 長野市 第4, 木更津市 第11条(2)): a course a party gives, and a session
// of it with who attended, when they completed it and whether they passed (domain/training.hpp).

#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/schema.hpp"
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

void register_training_events(EventTypes& types);

}  // namespace itaku::domain
