#include "itaku/domain/device_events.hpp"

#include <algorithm>

#include "itaku/domain/state.hpp"

namespace itaku::domain {

std::vector<std::string> Device::media_left() const {
  std::vector<std::string> left;
  for (const auto& medium : storage) {
    const bool destroyed = std::any_of(destructions.begin(), destructions.end(), [&](const MediaDestruction& d) {
      return std::find(d.media.begin(), d.media.end(), medium) != d.media.end();
    });
    if (!destroyed) left.push_back(medium);
  }
  return left;
}

namespace {

// Registers a device event E whose change is made to a device of the event's contract.
template <class E, class F>
void add_to_device(EventTypes& types, F change) {
  types.add<E>([change](State& state, const E& e, const Event& event, std::uint64_t index) -> Result<void> {
    auto contract = state.contracts.find(event.contract);
    if (contract == state.contracts.end()) return cannot_apply(event, "contract");
    auto device = contract->second.devices.find(e.id);
    if (device == contract->second.devices.end()) return cannot_apply(event, "device");
    return change(device->second, e, event, index);
  });
}

}  // namespace

void register_device_events(EventTypes& types) {
  types.add<DeviceRegistered>(
      [](State& state, const DeviceRegistered& e, const Event& event, std::uint64_t index) -> Result<void> {
        auto it = state.contracts.find(event.contract);
        if (it == state.contracts.end()) return cannot_apply(event, "contract");
        if (it->second.devices.contains(e.id)) return cannot_apply(event, "device exists");
        Device d;
        d.id = e.id;
        d.kind = e.kind;
        d.identifier = e.identifier;
        d.description = e.description;
        d.organisation = e.organisation;
        d.owner = e.owner;
        d.location = e.location;
        d.storage = e.storage;
        d.registered_at = event.at;
        d.registered_index = index;
        it->second.devices.emplace(d.id, std::move(d));
        return ok();
      });
  add_to_device<DeviceMeasuresConfirmed>(
      types, [](Device& device, const DeviceMeasuresConfirmed& e, const Event& event, std::uint64_t index) {
        device.measures = e.measures;
        device.measures_note = e.note;
        device.confirmed_by = e.by;
        device.confirmed_at = event.at;
        device.confirmed_index = index;
        return ok();
      });
  add_to_device<MediaDestroyed>(types, [](Device& device, const MediaDestroyed& e, const Event& event,
                                          std::uint64_t index) {
    device.destructions.push_back(MediaDestruction{e.media, e.method, e.performed_by, e.witnessed_by, e.performed_on,
                                                   e.evidence_sha256, e.note, event.actor, event.at, index});
    return ok();
  });
  add_to_device<DeviceRetired>(types,
                               [](Device& device, const DeviceRetired& e, const Event& event, std::uint64_t index) {
                                 device.retired = e.reason;
                                 device.retired_note = e.note;
                                 device.retired_at = event.at;
                                 device.retired_index = index;
                                 return ok();
                               });
}

}  // namespace itaku::domain
