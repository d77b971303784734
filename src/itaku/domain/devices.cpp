#include "itaku/domain/devices.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "itaku/domain/device_events.hpp"
#include "itaku/domain/rules.hpp"

namespace itaku::domain {

using namespace rules;

namespace {

constexpr Term kKinds[] = {{"computer", "パソコン", "computer"},
                           {"server", "サーバ", "server"},
                           {"mobile", "携帯端末", "mobile device"},
                           {"media", "記録媒体", "storage medium"},
                           {"other", "その他の機器", "other equipment"}};
constexpr Term kMeasures[] = {{"disk_encryption", "ディスク暗号化", "disk encryption"},
                              {"malware_protection", "マルウェア対策", "malware protection"},
                              {"updates", "更新プログラムの適用", "updates applied"},
                              {"screen_lock", "画面ロック", "screen lock"},
                              {"authentication", "ログイン認証", "sign-in authentication"},
                              {"locked_storage", "施錠保管", "locked storage"}};
constexpr Term kRetirements[] = {{"replaced", "交換", "replaced"},
                                 {"disposed", "廃棄", "disposed of"},
                                 {"released", "契約での使用終了", "released from the contract"}};
constexpr std::size_t kStorageItemMax = 200;
constexpr std::size_t kStorageMax = 20;

Result<const Device*> find_device(const Contract& contract, const std::string& id) {
  const auto it = contract.devices.find(id);
  if (it == contract.devices.end()) return not_found("device.unknown", "機器が見つかりません", "no such device", id);
  return &it->second;
}

// A device still in use for the contract.
Result<const Device*> device_in_use(const Contract& contract, const std::string& id) {
  const auto* device = TRY(find_device(contract, id));
  if (!device->in_use())
    return conflict("device.retired", "この機器はすでに使用を終了しています", "this device has already been retired")
        .with("device", id)
        .with("retired", device->retired);
  return device;
}

bool duplicated(const std::vector<std::string>& items) {
  return std::set<std::string>(items.begin(), items.end()).size() != items.size();
}

// A person of the contract who acts for the device's party: its responsible person or
// information manager, or the city's staff of the contract.
Result<void> check_device_keeper(const State& state, const Contract& contract, const Device& device,
                                 const std::string& person_id, const char* field) {
  const auto* person = state.person(person_id);
  if (!person) return not_found("person.unknown", "人が見つかりません", "no such person", person_id);
  if (!person->active())
    return invalid("device.person_departed", "退任・転出した人は記録できません",
                   "a person who has left cannot be recorded")
        .with("person", person_id)
        .with("field", field);
  const auto* city = contract.city();
  if (city && person->organisation == city->organisation) return ok();
  const auto roles = state.roles_of(person_id, contract.id);
  const bool keeper =
      person->organisation == device.organisation && (std::ranges::find(roles, kRoleResponsible) != roles.end() ||
                                                      std::ranges::find(roles, kRoleInformationManager) != roles.end());
  if (!keeper)
    return invalid("device.confirmer_invalid",
                   "機器の情報セキュリティ対策を確認するのは、使用する当事者の責任者・情報管理責任者又は市の職員です"
                   "（木更津市 第12条）",
                   "a device's measures are confirmed by the using party's responsible person or information "
                   "manager, or by the city's staff (Kisarazu 第12条)")
        .with("person", person_id)
        .with("field", field);
  return ok();
}

}  // namespace

std::span<const Term> device_kinds() { return kKinds; }
std::span<const Term> device_measures() { return kMeasures; }
std::span<const Term> device_retirements() { return kRetirements; }

const Term* find_term(std::span<const Term> terms, std::string_view id) {
  const auto it = std::ranges::find_if(terms, [&](const Term& t) { return t.id == id; });
  return it == terms.end() ? nullptr : &*it;
}

std::string term_name(std::span<const Term> terms, std::string_view id, bool english) {
  const auto* term = find_term(terms, id);
  return std::string(!term ? id : english ? term->en : term->ja);
}

Result<std::vector<Event>> decide_device(const State& state, const RegisterDevice& c, const Actor& actor,
                                         Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  TRY(check_id(c.id, "id"));
  if (contract->devices.contains(c.id))
    return conflict("device.id_taken", "その管理番号の機器はこの契約ですでに登録されています",
                    "a device with that id is already registered for this contract")
        .with("device", c.id)
        .with("field", "id");
  if (!find_term(kKinds, c.kind))
    return invalid("device.kind_invalid", "種別は computer、server、mobile、media、other のいずれかにしてください",
                   "kind is one of computer, server, mobile, media, other")
        .with("kind", c.kind)
        .with("field", "kind");
  TRY(check_required(c.identifier, "identifier"));
  TRY(check_required(c.description, "description"));
  const auto organisation = TRY(
      acting_party(state, *contract, c.organisation, actor, "device.party_invalid",
                   "機器を登録するのは契約の乙又は丙です（木更津市 第12条）",
                   "devices are registered by the contractor or a subcontractor of the contract (Kisarazu 第12条)"));
  const std::string owner = c.owner.empty() ? organisation : c.owner;
  if (!contract->party(owner))
    return invalid("device.owner_invalid", "所有者は市又は機器を使用する当事者にしてください",
                   "the owner is the city or a party of the contract")
        .with("owner", owner)
        .with("field", "owner");
  std::vector<std::string> storage = c.storage;
  if (storage.size() > kStorageMax || duplicated(storage) || std::ranges::any_of(storage, [](const std::string& s) {
        return s.empty() || schema::code_points(s) > kStorageItemMax;
      }))
    return invalid("device.storage_invalid", "内蔵する記録媒体は1件200文字以内、重複なし、20件までにしてください",
                   "storage media are up to 20, distinct, each up to 200 characters")
        .with("field", "storage");
  // A storage medium is its own storage: what is destroyed when it is disposed of.
  if (storage.empty() && c.kind == "media") storage.push_back(fmt::format("{}（{}）", c.description, c.identifier));
  return std::vector{make_event(
      DeviceRegistered{c.id, c.kind, c.identifier, c.description, organisation, owner, c.location, std::move(storage)},
      actor, now, c.contract)};
}

Result<std::vector<Event>> decide_device(const State& state, const ConfirmDeviceMeasures& c, const Actor& actor,
                                         Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* device = TRY(device_in_use(*contract, c.id));
  if (c.measures.empty() || duplicated(c.measures) ||
      std::ranges::any_of(c.measures, [](const std::string& m) { return find_term(kMeasures, m) == nullptr; }))
    return invalid("device.measure_invalid",
                   "確認した対策を disk_encryption、malware_protection、updates、screen_lock、authentication、"
                   "locked_storage から重複なく1つ以上選んでください",
                   "name one or more distinct measures among disk_encryption, malware_protection, updates, "
                   "screen_lock, authentication, locked_storage")
        .with("field", "measures");
  TRY(check_device_keeper(state, *contract, *device, c.by, "by"));
  return std::vector{make_event(DeviceMeasuresConfirmed{c.id, c.measures, c.note, c.by}, actor, now, c.contract)};
}

Result<std::vector<Event>> decide_device(const State& state, const DestroyMedia& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* device = TRY(device_in_use(*contract, c.id));
  const auto left = device->media_left();
  if (left.empty())
    return conflict("media.none_left", "この機器には破壊していない記録媒体がありません（木更津市 第14条-1）",
                    "this device holds no storage medium left to destroy (Kisarazu 第14条-1)")
        .with("device", c.id);
  std::vector<std::string> media = c.media.empty() ? left : c.media;
  for (const auto& medium : media)
    if (std::ranges::find(left, medium) == left.end())
      return invalid("media.unknown", "その記録媒体はこの機器に登録されていないか、すでに破壊されています",
                     "that storage medium is not registered in this device or was already destroyed")
          .with("medium", medium)
          .with("field", "media");
  if (duplicated(media))
    return invalid("media.unknown", "同じ記録媒体が重複しています", "a storage medium is named twice")
        .with("field", "media");
  TRY(check_required(c.method, "method"));
  TRY(check_party_person(state, *contract, c.performed_by, "media", "performed_by"));
  if (!c.witnessed_by.empty()) {
    TRY(check_party_person(state, *contract, c.witnessed_by, "media", "witnessed_by"));
    if (c.witnessed_by == c.performed_by)
      return invalid("media.witness_invalid", "立会者は実施者とは別の人にしてください",
                     "the witness is someone other than the person who did it")
          .with("field", "witnessed_by");
  }
  TRY(check_past_day(c.performed_on, now, "media", "performed_on"));
  if (!c.evidence_sha256.empty() &&
      (c.evidence_sha256.size() != 64 || !std::ranges::all_of(c.evidence_sha256, [](char ch) {
         return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
       })))
    return invalid("media.evidence_invalid", "SHA-256 は64桁の16進数（小文字）で指定してください",
                   "the SHA-256 is 64 lowercase hex digits")
        .with("field", "evidence_sha256");
  return std::vector{make_event(MediaDestroyed{c.id, std::move(media), c.method, c.performed_by, c.witnessed_by,
                                               c.performed_on, c.evidence_sha256, c.note},
                                actor, now, c.contract)};
}

Result<std::vector<Event>> decide_device(const State& state, const RetireDevice& c, const Actor& actor, Timestamp now) {
  const auto* contract = TRY(open_contract(state, c.contract));
  const auto* device = TRY(device_in_use(*contract, c.id));
  if (!find_term(kRetirements, c.reason))
    return invalid("device.reason_invalid", "理由は replaced、disposed、released のいずれかにしてください",
                   "reason is one of replaced, disposed, released")
        .with("reason", c.reason)
        .with("field", "reason");
  if (c.reason != "released") {
    if (const auto left = device->media_left(); !left.empty())
      return conflict("device.media_not_destroyed",
                      "交換・廃棄する機器の記録媒体を物理的に破壊してから記録してください（木更津市 第14条-1）",
                      "the device's storage media must be physically destroyed before it is replaced or disposed "
                      "of (Kisarazu 第14条-1)")
          .with("device", c.id)
          .with("media", fmt::format("{}", fmt::join(left, "、")));
  } else if (c.note.empty()) {
    return invalid("device.release_note_required", "使用終了ではデータの消去方法を備考に記入してください",
                   "for a release, say in the note how the contract's data was erased")
        .with("field", "note");
  }
  return std::vector{make_event(DeviceRetired{c.id, c.reason, c.note}, actor, now, c.contract)};
}

}  // namespace itaku::domain
