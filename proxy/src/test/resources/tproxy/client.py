# The client of TproxyNamespaceIT, from source address 10.1.1.1 (the one the TPROXY rules capture):
#   client.py http <host> <port> <path>  prints the status, a newline, the body
#   client.py tcp <host> <port> <path>   sends an HTTP/1.0 GET over a raw connection, prints what comes back
import http.client
import socket
import sys

mode, host, port, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
source = ("10.1.1.1", 0)
if mode == "http":
    c = http.client.HTTPConnection(host, port, timeout=10, source_address=source)
    c.request("GET", path)
    r = c.getresponse()
    print(r.status)
    print(r.read().decode())
else:
    s = socket.create_connection((host, port), timeout=10, source_address=source)
    s.sendall(("GET %s HTTP/1.0\r\nHost: x\r\n\r\n" % path).encode())
    data = b""
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    print(data.decode())
