#!/usr/bin/env python3
"""tools/pcap-streams.py: developer tool that cuts the client and server
byte streams of the TCP sessions in classic pcap / pcapng files, for seed
corpora and test inputs. Not the product's capture reader (that is pcap/,
in C); this only orders segments by sequence number and drops duplicates.

usage: pcap-streams.py OUTDIR FILE.pcap...
writes OUTDIR/<file>.<n>.client and .server for every TCP stream with
payload; the client is the side that sent SYN, else the side not on a
well-known mail port."""
import os
import struct
import sys

MAIL_PORTS = {25, 465, 587, 2525, 110, 995, 143, 993, 24, 10025}


def packets(path):
    data = open(path, "rb").read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        end = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        end = ">"
    elif magic == b"\x0a\x0d\x0d\x0a":
        yield from pcapng(data)
        return
    else:
        return
    link = struct.unpack(end + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        _, _, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
        off += 16
        yield link, data[off:off + incl]
        off += incl


def pcapng(data):
    off = 0
    links = []
    end = "<"
    while off + 12 <= len(data):
        btype = struct.unpack(end + "I", data[off:off + 4])[0]
        if btype == 0x0A0D0D0A:
            bom = data[off + 8:off + 12]
            end = "<" if bom == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
        blen = struct.unpack(end + "I", data[off + 4:off + 8])[0]
        if blen < 12:
            return
        body = data[off + 8:off + blen - 4]
        if btype == 1:
            links.append(struct.unpack(end + "H", body[:2])[0])
        elif btype == 6:
            iface, _, _, cap = struct.unpack(end + "IIII", body[:16])[:4]
            if iface < len(links):
                yield links[iface], body[20:20 + cap]
        elif btype == 3:
            cap = struct.unpack(end + "I", body[:4])[0]
            yield (links[0] if links else 1), body[4:4 + cap]
        off += blen


def ip_payload(link, pkt):
    if link == 1:  # Ethernet, with VLAN tags
        et, o = struct.unpack(">H", pkt[12:14])[0], 14
        while et in (0x8100, 0x88A8) and len(pkt) >= o + 4:
            et, o = struct.unpack(">H", pkt[o + 2:o + 4])[0], o + 4
        return pkt[o:] if et in (0x0800, 0x86DD) else None
    if link == 113:  # Linux SLL
        return pkt[16:]
    if link == 276:  # Linux SLL2
        return pkt[20:]
    if link in (0, 108):  # null / loop
        return pkt[4:]
    if link in (101, 12, 14):  # raw IP
        return pkt
    return None


def tcp(ip):
    if not ip:
        return None
    v = ip[0] >> 4
    if v == 4:
        ihl = (ip[0] & 15) * 4
        if ip[9] != 6:
            return None
        tot = struct.unpack(">H", ip[2:4])[0]
        src, dst, seg = ip[12:16], ip[16:20], ip[ihl:tot]
    elif v == 6:
        if ip[6] != 6:
            return None
        plen = struct.unpack(">H", ip[4:6])[0]
        src, dst, seg = ip[8:24], ip[24:40], ip[40:40 + plen]
    else:
        return None
    if len(seg) < 20:
        return None
    sp, dp, seq = struct.unpack(">HHI", seg[:8])
    doff = (seg[12] >> 4) * 4
    flags = seg[13]
    return (src, sp, dst, dp, seq, flags, seg[doff:])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for path in sys.argv[2:]:
        streams = {}
        order = []
        for link, pkt in packets(path):
            t = tcp(ip_payload(link, pkt))
            if t is None:
                continue
            src, sp, dst, dp, seq, flags, pay = t
            key = tuple(sorted([(src, sp), (dst, dp)]))
            if key not in streams:
                streams[key] = {"client": None, "segs": {}}
                order.append(key)
            s = streams[key]
            if flags & 0x02 and not flags & 0x10:
                s["client"] = (src, sp)
            if pay:
                s["segs"].setdefault((src, sp), {}).setdefault(seq, pay)
        base = os.path.basename(path).rsplit(".", 1)[0]
        for n, key in enumerate(order):
            s = streams[key]
            if not s["segs"]:
                continue
            client = s["client"]
            if client is None:
                a, b = key
                client = b if a[1] in MAIL_PORTS else a
            for side, ep in (("client", client),
                             ("server", key[0] if key[1] == client else key[1])):
                segs = s["segs"].get(ep, {})
                if not segs:
                    continue
                buf, nxt = bytearray(), None
                for seq in sorted(segs):
                    pay = segs[seq]
                    if nxt is not None and seq < nxt:
                        pay = pay[nxt - seq:]
                    buf += pay
                    nxt = max(nxt or 0, seq + len(segs[seq]))
                with open(os.path.join(out, "%s.%d.%s" % (base, n, side)), "wb") as f:
                    f.write(buf)


if __name__ == "__main__":
    main()
