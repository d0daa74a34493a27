"""Print N distinct free TCP ports on 127.0.0.1, one a line.

Chosen at random below the kernel's ephemeral range (so no outgoing connection grabs them meanwhile) and
held open together while choosing, so they are distinct.
"""
import random
import socket
import sys

n = int(sys.argv[1])
try:
    with open('/proc/sys/net/ipv4/ip_local_port_range') as f:
        low_ephemeral = int(f.read().split()[0])
except OSError:
    low_ephemeral = 32768
lo, hi = 20000, max(20000 + 5000, low_ephemeral - 1)
held = []
tried = set()
while len(held) < n:
    if len(tried) > 5000:
        raise SystemExit('no free ports')
    port = random.randint(lo, hi)
    if port in tried:
        continue
    tried.add(port)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(('127.0.0.1', port))
        s.listen(1)
    except OSError:
        s.close()
        continue
    held.append(s)
print('\n'.join(str(s.getsockname()[1]) for s in held))
for s in held:
    s.close()
