//===- PerfettoCheck.cpp - `ruchytrace validate` for .pftrace files -------===//
//
// Decodes a Perfetto protobuf trace with the wire format alone (varints,
// length-delimited fields, fixed64, fixed32) and checks what
// trace_processor relies on: every packet decodes, interned iids are
// defined (on a sequence whose incremental state was cleared) before use,
// events name described tracks, each track's slices nest and end, and its
// timestamps never go back. An END with no open slice is legal only when
// the trace says data was dropped before it (previous_packet_dropped).
// Timestamps follow the sequence's clocks: a clock snapshot relates them
// to REALTIME, and an incremental clock (the runtime's, named by
// trace_packet_defaults) makes them deltas from the previous packet's.
//
//===----------------------------------------------------------------------===//
#include "Input.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace ruchytrace {

namespace {

struct Bad {
  std::string Message;
};

// One field of a message; Data/Size for length-delimited ones.
struct Field {
  uint32_t Number = 0, Wire = 0;
  uint64_t Value = 0;
  const uint8_t *Data = nullptr;
  size_t Size = 0;
};

class Reader {
public:
  Reader(const uint8_t *P, size_t N) : P(P), End(P + N) {}
  bool next(Field &F) {
    if (P == End)
      return false;
    uint64_t Key = varint();
    F.Number = uint32_t(Key >> 3);
    F.Wire = uint32_t(Key & 7);
    F.Data = nullptr;
    F.Size = 0;
    switch (F.Wire) {
    case 0:
      F.Value = varint();
      break;
    case 1:
    case 5: {
      size_t N = F.Wire == 1 ? 8 : 4;
      need(N);
      F.Value = 0;
      std::memcpy(&F.Value, P, N);
      P += N;
      break;
    }
    case 2: {
      uint64_t N = varint();
      need(N);
      F.Data = P;
      F.Size = size_t(N);
      P += N;
      break;
    }
    default:
      throw Bad{"wire type " + std::to_string(F.Wire) + " of field " +
                std::to_string(F.Number)};
    }
    if (!F.Number)
      throw Bad{"field number 0"};
    return true;
  }

private:
  const uint8_t *P, *End;
  void need(uint64_t N) {
    if (uint64_t(End - P) < N)
      throw Bad{"a field runs past its message"};
  }
  uint64_t varint() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 70; Shift += 7) {
      need(1);
      uint8_t C = *P++;
      V |= uint64_t(C & 0x7f) << Shift;
      if (C < 0x80)
        return V;
    }
    throw Bad{"a varint longer than 10 bytes"};
  }
};

// Interned data of the one sequence: kind (InternedData field) -> iids.
struct Interned {
  bool Valid = false, PacketNeeds = false;
  std::map<uint32_t, std::set<uint64_t>> Iids;
  void need(uint32_t Kind, uint64_t Iid, const char *What) {
    if (!PacketNeeds)
      throw Bad{std::string(What) + " is interned on a packet without "
                                    "SEQ_NEEDS_INCREMENTAL_STATE"};
    if (!Valid || !Iids[Kind].count(Iid))
      throw Bad{std::string(What) + " iid " + std::to_string(Iid) +
                " is not defined"};
  }
};

// The clocks of the one sequence: for each, its offset to REALTIME at the
// last snapshot and, if incremental, its current value.
struct Clock {
  bool Incremental = false;
  int64_t Now = 0, ToRealtime = 0;
};

// Reads a ClockSnapshot.
void readClocks(const Field &S, std::map<uint64_t, Clock> &Clocks) {
  std::vector<std::pair<uint64_t, int64_t>> At;
  int64_t Realtime = 0;
  bool HaveRealtime = false;
  std::vector<bool> Inc;
  Reader R(S.Data, S.Size);
  Field F;
  while (R.next(F)) {
    if (F.Number != 1 || F.Wire != 2)
      continue;
    Reader C(F.Data, F.Size);
    Field G;
    uint64_t Id = 0;
    int64_t Ts = 0;
    bool Incremental = false;
    while (C.next(G))
      if (G.Number == 1)
        Id = G.Value;
      else if (G.Number == 2)
        Ts = int64_t(G.Value);
      else if (G.Number == 3)
        Incremental = G.Value;
    if (Id == 1)
      Realtime = Ts, HaveRealtime = true;
    At.push_back({Id, Ts});
    Inc.push_back(Incremental);
  }
  if (!HaveRealtime)
    throw Bad{"a clock snapshot without REALTIME"};
  for (size_t I = 0; I < At.size(); ++I) {
    Clock &C = Clocks[At[I].first];
    C.Incremental = Inc[I];
    C.Now = At[I].second;
    C.ToRealtime = Realtime - At[I].second;
  }
}

// Checks every field of a DebugAnnotation and its nested entries.
void checkAnnotation(const Field &A, Interned &In, unsigned Depth) {
  if (Depth > 64)
    throw Bad{"debug annotations nest too deep"};
  Reader R(A.Data, A.Size);
  Field F;
  bool Named = false;
  while (R.next(F)) {
    if (F.Number == 1)
      In.need(3, F.Value, "a debug annotation name"), Named = true;
    else if (F.Number == 10)
      Named = true;
    else if (F.Number == 17)
      In.need(29, F.Value, "a debug annotation string");
    else if ((F.Number == 11 || F.Number == 12) && F.Wire == 2)
      checkAnnotation(F, In, Depth + 1);
  }
  if (!Named)
    throw Bad{"a debug annotation without a name"};
}

} // namespace

int validatePerfetto(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In) {
    std::fprintf(stderr, "ruchytrace: %s: cannot read it\n",
                 displayName(Path).c_str());
    return 1;
  }
  std::vector<uint8_t> Data((std::istreambuf_iterator<char>(In)),
                            std::istreambuf_iterator<char>());
  uint64_t Packets = 0, Slices = 0;
  bool Dropped = false;
  Interned Seq;
  std::map<uint64_t, Clock> Clocks;
  uint64_t DefaultClock = 0;
  std::unordered_map<uint64_t, std::string> Tracks;         // uuid -> what
  std::unordered_map<uint64_t, std::vector<uint64_t>> Open; // name iids
  std::unordered_map<uint64_t, uint64_t> LastTs;
  try {
    Reader Trace(Data.data(), Data.size());
    Field P;
    while (Trace.next(P)) {
      if (P.Number != 1 || P.Wire != 2)
        throw Bad{"a Trace holds only packets (field 1)"};
      ++Packets;
      // First the packet's own fields, then what refers to interned data.
      Field F, Event{}, InternedData{}, Descriptor{};
      uint64_t Ts = 0, Flags = 0, ClockId = 0;
      Reader R(P.Data, P.Size);
      while (R.next(F)) {
        switch (F.Number) {
        case 8:
          Ts = F.Value;
          break;
        case 11:
          Event = F;
          break;
        case 12:
          InternedData = F;
          break;
        case 13:
          Flags = F.Value;
          break;
        case 42:
          Dropped |= F.Value != 0;
          break;
        case 6:
          readClocks(F, Clocks);
          break;
        case 58:
          ClockId = F.Value;
          break;
        case 59: {
          Reader D(F.Data, F.Size);
          Field G;
          while (D.next(G))
            if (G.Number == 58)
              DefaultClock = G.Value;
          break;
        }
        case 60:
          Descriptor = F;
          break;
        }
      }
      if (Flags & 1) {
        Seq.Valid = true;
        Seq.Iids.clear();
      }
      bool Needs = Seq.PacketNeeds = Flags & 2;
      if (InternedData.Data) {
        if (!Needs || !Seq.Valid)
          throw Bad{"interned data on a packet without "
                    "SEQ_NEEDS_INCREMENTAL_STATE or before the state is "
                    "cleared"};
        Reader I(InternedData.Data, InternedData.Size);
        while (I.next(F)) {
          if (F.Wire != 2)
            continue;
          Reader E(F.Data, F.Size);
          Field G;
          uint64_t Iid = 0;
          while (E.next(G))
            if (G.Number == 1)
              Iid = G.Value;
          if (!Iid || !Seq.Iids[F.Number].insert(Iid).second)
            throw Bad{"interned entry " + std::to_string(Iid) + " of field " +
                      std::to_string(F.Number) + " is 0 or defined twice"};
        }
      }
      if (Descriptor.Data) {
        Reader D(Descriptor.Data, Descriptor.Size);
        uint64_t Uuid = 0, Parent = 0;
        std::string What = "track";
        while (D.next(F)) {
          if (F.Number == 1)
            Uuid = F.Value;
          else if (F.Number == 5)
            Parent = F.Value;
          else if (F.Number == 3)
            What = "process";
          else if (F.Number == 4)
            What = "thread";
        }
        if (Parent && !Tracks.count(Parent))
          throw Bad{"a track's parent is not described"};
        Tracks[Uuid] = What;
      }
      if (!Event.Data)
        continue;
      // The event's time on REALTIME.
      if (!ClockId)
        ClockId = DefaultClock;
      if (ClockId && ClockId != 1) {
        auto C = Clocks.find(ClockId);
        if (C == Clocks.end())
          throw Bad{"clock " + std::to_string(ClockId) + " is not defined"};
        if (C->second.Incremental)
          Ts = uint64_t(C->second.Now += int64_t(Ts));
        Ts += uint64_t(C->second.ToRealtime);
      }
      Reader E(Event.Data, Event.Size);
      uint64_t Type = 0, Track = 0, NameIid = 0;
      while (E.next(F)) {
        if (F.Number == 9)
          Type = F.Value;
        else if (F.Number == 11)
          Track = F.Value;
        else if (F.Number == 10)
          Seq.need(2, NameIid = F.Value, "an event name");
        else if (F.Number == 34)
          Seq.need(4, F.Value, "a source location");
        else if (F.Number == 4 && F.Wire == 2)
          checkAnnotation(F, Seq, 0);
      }
      if (!Tracks.count(Track))
        throw Bad{"an event on a track that is not described"};
      uint64_t &Last = LastTs[Track];
      if (Ts < Last)
        throw Bad{"timestamps go back on a track"};
      Last = Ts;
      auto &S = Open[Track];
      if (Type == 1) {
        S.push_back(NameIid);
        ++Slices;
      } else if (Type == 2) {
        if (S.empty() && !Dropped)
          throw Bad{"a slice ends that never began (and nothing was "
                    "dropped)"};
        if (!S.empty())
          S.pop_back();
      }
    }
  } catch (const Bad &B) {
    std::fprintf(stderr, "ruchytrace: %s: packet %" PRIu64 ": %s\n",
                 displayName(Path).c_str(), Packets, B.Message.c_str());
    return 1;
  }
  if (!Packets) {
    std::fprintf(stderr, "ruchytrace: %s: no packets\n",
                 displayName(Path).c_str());
    return 1;
  }
  unsigned Threads = 0;
  for (auto &T : Tracks)
    Threads += T.second == "thread";
  for (auto &KV : Open)
    if (!KV.second.empty()) {
      std::fprintf(stderr, "ruchytrace: %s: a slice on a %s track never ends\n",
                   displayName(Path).c_str(), Tracks[KV.first].c_str());
      return 1;
    }
  std::printf("%s: valid Perfetto trace, %" PRIu64 " packets, %" PRIu64
              " slices, %u threads%s\n",
              displayName(Path).c_str(), Packets, Slices, Threads,
              Dropped ? ", data dropped before it" : "");
  return 0;
}

} // namespace ruchytrace
