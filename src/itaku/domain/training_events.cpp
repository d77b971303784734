#include "itaku/domain/training_events.hpp"

#include "itaku/domain/state.hpp"

namespace itaku::domain {

namespace {

// Registers an event E whose change is made to the event's contract.
template <class E, class F>
void add_to_contract(EventTypes& types, F change) {
  types.add<E>([change](State& state, const E& e, const Event& event, std::uint64_t index) -> Result<void> {
    auto contract = state.contracts.find(event.contract);
    if (contract == state.contracts.end()) return cannot_apply(event, "contract");
    return change(contract->second, e, event, index);
  });
}

}  // namespace

void register_training_events(EventTypes& types) {
  add_to_contract<TrainingCourseDefined>(
      types,
      [](Contract& contract, const TrainingCourseDefined& e, const Event& event, std::uint64_t index) -> Result<void> {
        contract.courses[e.id] = TrainingCourse{e.id,      e.organisation, e.title,     e.outline, e.provider, e.hours,
                                                e.classes, e.valid_for,    event.actor, event.at,  index};
        return ok();
      });
  add_to_contract<TrainingSessionRecorded>(
      types,
      [](Contract& contract, const TrainingSessionRecorded& e, const Event& event,
         std::uint64_t index) -> Result<void> {
        if (!contract.courses.contains(e.course)) return cannot_apply(event, "course");
        std::vector<TrainingAttendance> attendees;
        attendees.reserve(e.attendees.size());
        for (const auto& a : e.attendees) attendees.push_back({a.person, a.completed, a.passed, a.certificate_sha256});
        contract.training_sessions[e.id] = TrainingSession{
            e.id, e.course, e.date, e.place, e.instructor, std::move(attendees), event.actor, event.at, index};
        return ok();
      });
  add_to_contract<ProvisionsAcknowledged>(
      types,
      [](Contract& contract, const ProvisionsAcknowledged& e, const Event& event, std::uint64_t index) -> Result<void> {
        contract.acknowledgements.push_back(
            ProvisionsAcknowledgement{e.person, ProvisionRef{e.name, e.version, e.hash}, event.actor, event.at, index});
        return ok();
      });
  add_to_contract<PledgeSigned>(
      types, [](Contract& contract, const PledgeSigned& e, const Event& event, std::uint64_t index) -> Result<void> {
        contract.pledges.push_back(
            Pledge{e.person, e.kind, e.document_sha256, e.signed_on, e.countersigned_by, event.actor, event.at, index});
        return ok();
      });
  add_to_contract<TrainingExpiryNotified>(
      types, [](Contract& contract, const TrainingExpiryNotified& e, const Event&, std::uint64_t) -> Result<void> {
        contract.training_reminders[e.person] = e.valid_until;
        return ok();
      });
  add_to_contract<TrainingReported>(
      types,
      [](Contract& contract, const TrainingReported& e, const Event& event, std::uint64_t index) -> Result<void> {
        contract.training_reports[index] =
            TrainingReportRecord{e.organisation, e.as_of, e.workers, event.actor, event.at, index};
        return ok();
      });
}

}  // namespace itaku::domain
