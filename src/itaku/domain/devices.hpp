#pragma once
// The register of devices and media (木更津市 第12条, 第14条; 長野市 第7): the computers,
// servers, phones and storage media a party uses for the contract, whose they are, where they
// are, the storage media inside them, and the security measures a responsible person or
// information manager confirmed. A confirmed device is managed: decisions that need a managed
// device read it (docs/POLICY.md "Devices"), and a device that is not is an unmanaged computer,
// which needs the city's approval where the provisions say so. Before a device is replaced or
// disposed of, every storage medium in it is physically destroyed (media.destroyed), and the
// destruction is reported to the city in writing (the report is a document of that entry).
//
// The commands are declared here (kName, members(); see commands.hpp, whose Command holds them);
// their rules, decide_device, are internal to the domain module: callers use decide().

#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "itaku/core/result.hpp"
#include "itaku/core/schema.hpp"
#include "itaku/domain/event.hpp"
#include "itaku/domain/model.hpp"
#include "itaku/domain/state.hpp"

namespace itaku::domain {

// A word of a fixed list with its Japanese and English names (kinds, measures, reasons).
struct Term {
  std::string_view id, ja, en;
};
// computer, server, mobile, media, other.
std::span<const Term> device_kinds();
// The security measures a confirmation names: disk_encryption, malware_protection, updates,
// screen_lock, authentication, locked_storage.
std::span<const Term> device_measures();
// Why a device is retired: replaced, disposed, released.
std::span<const Term> device_retirements();
// The term `id` of `terms`, or nullptr.
const Term* find_term(std::span<const Term> terms, std::string_view id);
// What a person reads for `id` of `terms`: its Japanese name (its English one when `english`),
// or `id` itself for a word the list does not hold.
std::string term_name(std::span<const Term> terms, std::string_view id, bool english = false);

// device.registered: device `id` (unique within the contract) of `kind`, used by party
// `organisation` (the registering person's when left out), owned by `owner` (the city's
// organisation or a party's; the using party when left out), with the storage media in it.
struct RegisterDevice {
  static constexpr std::string_view kName = "device.register";
  std::string contract, id, kind, identifier, description, organisation, owner, location;
  std::vector<std::string> storage = {};
  static constexpr auto members() {
    using T = RegisterDevice;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id)
            .label("管理番号", "Device id")
            .help("契約の中で重ならない英数字とハイフン（例: PC-0012）",
                  "letters, digits and hyphens, unique within the contract (PC-0012)")
            .format(schema::Format::Id),
        schema::member("kind", &T::kind)
            .label("種別", "Kind")
            .help("computer（パソコン）、server（サーバ）、mobile（携帯端末）、media（記録媒体）、other（その他）",
                  "computer, server, mobile, media, other"),
        schema::member("identifier", &T::identifier)
            .label("製造番号・資産番号", "Serial number or asset tag")
            .max_length(200),
        schema::member("description", &T::description)
            .label("名称", "Description")
            .help("例: ノートPC ThinkPad X1、暗号化USBメモリ 32GB", "e.g. laptop ThinkPad X1, encrypted USB stick 32GB")
            .max_length(200),
        schema::member("organisation", &T::organisation, Presence::Optional)
            .label("使用する当事者", "Party using it")
            .help("省略すると登録者の所属", "the registering person's organisation when left out")
            .refers("organisation"),
        schema::member("owner", &T::owner, Presence::Optional)
            .label("所有者", "Owner")
            .help("市の貸与機器は市、省略すると使用する当事者",
                  "the city for a city-issued device; the party when left out")
            .refers("organisation"),
        schema::member("location", &T::location, Presence::Optional)
            .label("設置・保管場所", "Where it is used or kept")
            .max_length(200),
        schema::member("storage", &T::storage, Presence::Optional)
            .label("内蔵する記録媒体", "Storage media inside")
            .help("例: SSD 512GB S/N S4EV…（記録媒体そのものの登録では空）、1件200文字まで",
                  "e.g. SSD 512GB S/N S4EV… (empty for a medium itself); up to 200 characters each")};
  }
};

// device.measures_confirmed: `by` (the person acting: a responsible person or information manager
// of the using party, or the city's) confirms the device's security `measures` (device_measures()).
struct ConfirmDeviceMeasures {
  static constexpr std::string_view kName = "device.confirm";
  std::string contract, id;
  std::vector<std::string> measures = {};
  std::string note, by;
  static constexpr auto members() {
    using T = ConfirmDeviceMeasures;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id).label("管理番号", "Device id").refers("device"),
        schema::member("measures", &T::measures)
            .label("確認した情報セキュリティ対策", "Security measures confirmed")
            .help("disk_encryption（ディスク暗号化）、malware_"
                  "protection（マルウェア対策）、updates（更新プログラムの適用）、"
                  "screen_lock（画面ロック）、authentication（ログイン認証）、locked_storage（施錠保管）",
                  "disk_encryption, malware_protection, updates, screen_lock, authentication, locked_storage"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(1000),
        schema::member("by", &T::by).label("確認した人", "Confirmed by").refers("person")};
  }
};

// media.destroyed: storage `media` of device `id` (every one not yet destroyed when left out)
// physically destroyed by `performed_by` on `performed_on`, witnessed by `witnessed_by`
// (木更津市 第14条-1).
struct DestroyMedia {
  static constexpr std::string_view kName = "media.destroy";
  std::string contract, id;
  std::vector<std::string> media = {};
  std::string method, performed_by, witnessed_by, performed_on, evidence_sha256, note;
  static constexpr auto members() {
    using T = DestroyMedia;
    return std::tuple{
        schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
        schema::member("id", &T::id).label("管理番号", "Device id").refers("device"),
        schema::member("media", &T::media, Presence::Optional)
            .label("破壊した記録媒体", "Storage media destroyed")
            .help("登録した内蔵記録媒体（省略するとまだ破壊していないものすべて）",
                  "as registered (every one not yet destroyed when left out)"),
        schema::member("method", &T::method)
            .label("破壊の方法", "Method")
            .help("例: 穿孔（ドリル）、破砕、溶解", "e.g. drilling, shredding, melting")
            .max_length(200),
        schema::member("performed_by", &T::performed_by).label("実施者", "Performed by").refers("person"),
        schema::member("witnessed_by", &T::witnessed_by, Presence::Optional)
            .label("立会者", "Witnessed by")
            .refers("person"),
        schema::member("performed_on", &T::performed_on).label("実施日", "Performed on").format(schema::Format::Date),
        schema::member("evidence_sha256", &T::evidence_sha256, Presence::Optional)
            .label("写真・記録の SHA-256", "SHA-256 of a photo or record")
            .help("手元に保管する写真や記録のハッシュ（64桁の16進数、任意）",
                  "the hash of a photo or record kept by the party (64 hex digits, optional)"),
        schema::member("note", &T::note, Presence::Optional)
            .label("備考", "Note")
            .format(schema::Format::Multiline)
            .max_length(1000)};
  }
};

// device.retired: the device is no longer used for the contract: replaced or disposed of (every
// storage medium in it destroyed first, 木更津市 第14条-1) or released (kept by its owner, the
// contract's data erased from it: `note` says how).
struct RetireDevice {
  static constexpr std::string_view kName = "device.retire";
  std::string contract, id, reason, note;
  static constexpr auto members() {
    using T = RetireDevice;
    return std::tuple{schema::member("contract", &T::contract).label("契約", "Contract").refers("contract"),
                      schema::member("id", &T::id).label("管理番号", "Device id").refers("device"),
                      schema::member("reason", &T::reason)
                          .label("理由", "Reason")
                          .help("replaced（交換）、disposed（廃棄）、released（契約の使用終了・データ消去済み）",
                                "replaced, disposed, released (no longer used for the contract, its data erased)"),
                      schema::member("note", &T::note, Presence::Optional)
                          .label("備考", "Note")
                          .help("released ではデータの消去方法", "for released: how the data was erased")
                          .format(schema::Format::Multiline)
                          .max_length(1000)};
  }
};

Result<std::vector<Event>> decide_device(const State& state, const RegisterDevice& c, const Actor& actor,
                                         Timestamp now);
Result<std::vector<Event>> decide_device(const State& state, const ConfirmDeviceMeasures& c, const Actor& actor,
                                         Timestamp now);
Result<std::vector<Event>> decide_device(const State& state, const DestroyMedia& c, const Actor& actor, Timestamp now);
Result<std::vector<Event>> decide_device(const State& state, const RetireDevice& c, const Actor& actor, Timestamp now);

}  // namespace itaku::domain
