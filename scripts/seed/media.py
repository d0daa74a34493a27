"""Small binary files made from scratch, deterministic, standard library only (no PIL on a bare cloud machine):
PNG (RGB/RGBA), baseline JPEG (YCbCr 4:4:4, the standard tables of ITU T.81 Annex K), a one-page PDF,
gzip and tar.gz with fixed mtimes, pseudo-random bytes. Same input, same bytes, on every machine."""
import gzip
import hashlib
import io
import math
import struct
import tarfile
import zlib
from operator import mul


# ----------------------------------------------------------------------------------------------------------- PNG
def png(width, height, pixel, alpha=False):
    """pixel(x, y) -> (r, g, b) or (r, g, b, a) when alpha."""
    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter: none
        for x in range(width):
            raw.extend(pixel(x, y))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack('>IIBBBBB', width, height, 8, 6 if alpha else 2, 0, 0, 0)
    return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(bytes(raw), 9))
            + chunk(b'IEND', b''))


# ---------------------------------------------------------------------------------------------------------- JPEG
_ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7,
           14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46,
           53, 60, 61, 54, 47, 55, 62, 63]
_Q_LUM = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
          29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
          121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
_Q_CHR = [17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99,
          99, 99, 99, 99, 99] + [99] * 32
_DC_LUM = ([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], list(range(12)))
_DC_CHR = ([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], list(range(12)))
_AC_LUM = ([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d], bytes.fromhex(
    '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738'
    '393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5'
    'a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa'))
_AC_CHR = ([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77], bytes.fromhex(
    '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a3536'
    '3738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999a'
    'a2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa'))
_COS = [[math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)] for u in range(8)]
_C = [1 / math.sqrt(2)] + [1.0] * 7
_S = [[0.25 * _C[u] * _C[v] for u in range(8)] for v in range(8)]


def _codes(table):
    bits, values = table
    codes, code, k = {}, 0, 0
    for length in range(1, 17):
        for _ in range(bits[length - 1]):
            codes[values[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


def _scaled(q, quality):
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (v * scale + 50) // 100)) for v in q]


def _fdct(block):  # 64 level-shifted samples (row-major) -> 64 coefficients (row-major: v = row, u = column)
    rows = [block[y * 8:y * 8 + 8] for y in range(8)]
    cols = list(zip(*[[sum(map(mul, r, cu)) for cu in _COS] for r in rows]))  # cols[u][y]
    return [_S[v][u] * sum(map(mul, cols[u], _COS[v])) for v in range(8) for u in range(8)]


class _Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, code, length):
        self.acc = (self.acc << length) | code
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with 1 bits
        return bytes(self.out)


def _magnitude(v):
    size = abs(v).bit_length()
    return size, (v if v >= 0 else v + (1 << size) - 1)


def jpeg(width, height, pixel, quality=85):
    """pixel(x, y) -> (r, g, b). Baseline JFIF, 4:4:4, no restart markers."""
    qs = [_scaled(_Q_LUM, quality), _scaled(_Q_CHR, quality)]
    huff = [(_codes(_DC_LUM), _codes(_AC_LUM)), (_codes(_DC_CHR), _codes(_AC_CHR))]
    planes = [[0.0] * (width * height) for _ in range(3)]
    for y in range(height):
        for x in range(width):
            r, g, b = pixel(x, y)[:3]
            i = y * width + x
            planes[0][i] = 0.299 * r + 0.587 * g + 0.114 * b
            planes[1][i] = -0.168736 * r - 0.331264 * g + 0.5 * b + 128
            planes[2][i] = 0.5 * r - 0.418688 * g - 0.081312 * b + 128
    bits = _Bits()
    pred = [0, 0, 0]
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            for c in range(3):
                t = 0 if c == 0 else 1
                dc_codes, ac_codes = huff[t]
                plane = planes[c]
                block = [plane[min(by + j, height - 1) * width + min(bx + i, width - 1)] - 128
                         for j in range(8) for i in range(8)]
                coef = _fdct(block)
                q = [int(round(coef[k] / qs[t][k])) for k in range(64)]
                zz = [q[k] for k in _ZIGZAG]
                size, value = _magnitude(zz[0] - pred[c])
                pred[c] = zz[0]
                bits.put(*dc_codes[size])
                if size:
                    bits.put(value, size)
                run = 0
                for k in range(1, 64):
                    if zz[k] == 0:
                        run += 1
                        continue
                    while run > 15:
                        bits.put(*ac_codes[0xF0])
                        run -= 16
                    size, value = _magnitude(zz[k])
                    bits.put(*ac_codes[(run << 4) | size])
                    bits.put(value, size)
                    run = 0
                if run:
                    bits.put(*ac_codes[0x00])
    data = bits.flush()

    def segment(marker, payload):
        return struct.pack('>BBH', 0xFF, marker, len(payload) + 2) + payload

    out = b'\xff\xd8'
    out += segment(0xE0, b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00')
    for t in range(2):
        out += segment(0xDB, bytes([t]) + bytes(qs[t][k] for k in _ZIGZAG))
    out += segment(0xC0, struct.pack('>BHHB', 8, height, width, 3) + b'\x01\x11\x00\x02\x11\x01\x03\x11\x01')
    for cls, t, table in ((0, 0, _DC_LUM), (1, 0, _AC_LUM), (0, 1, _DC_CHR), (1, 1, _AC_CHR)):
        out += segment(0xC4, bytes([(cls << 4) | t]) + bytes(table[0]) + bytes(table[1]))
    out += segment(0xDA, b'\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00')
    return out + data + b'\xff\xd9'


# ------------------------------------------------------------------------------------------------------- the rest
def pdf(lines):
    """A one-page PDF (Helvetica) showing the given ASCII lines."""
    text = 'BT /F1 14 Tf 72 760 Td 18 TL ' + ' '.join(
        '(%s) Tj T*' % ln.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)') for ln in lines) + ' ET'
    objs = [b'<< /Type /Catalog /Pages 2 0 R >>',
            b'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
            b'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R '
            b'/Resources << /Font << /F1 5 0 R >> >> >>',
            b'<< /Length %d >>\nstream\n%s\nendstream' % (len(text), text.encode('ascii')),
            b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>']
    out = bytearray(b'%PDF-1.4\n')
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b'%d 0 obj\n%s\nendobj\n' % (n, body)
    xref = len(out)
    out += b'xref\n0 %d\n0000000000 65535 f \n' % (len(objs) + 1)
    for off in offsets:
        out += b'%010d 00000 n \n' % off
    out += b'trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n' % (len(objs) + 1, xref)
    return bytes(out)


def gz(data, name=''):
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode='wb', fileobj=buf, mtime=0, compresslevel=9) as f:
        f.write(data)
    return buf.getvalue()


def targz(files, mtime):
    """files: [(name, bytes)] -> a .tar.gz, fixed mtime and owner."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uname, info.gname = len(data), mtime, 0o644, 'app', 'app'
            tar.addfile(info, io.BytesIO(data))
    return gz(raw.getvalue())


def pseudo_random(seed, size):
    """Deterministic bytes that do not compress (SHA-256 in counter mode)."""
    out = bytearray()
    key = seed.encode()
    n = 0
    while len(out) < size:
        out += hashlib.sha256(key + n.to_bytes(8, 'big')).digest()
        n += 1
    return bytes(out[:size])
