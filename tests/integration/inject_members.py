#!/usr/bin/env python3
"""A proxy that answers like its upstream plus members nobody knows yet.

Usage: inject_members.py LISTEN_PORT UPSTREAM_URL [PORT_FILE]

Every JSON object of every JSON response (success and error bodies, at every
depth) gains two members the spec does not know: "AaaNew" (sorts first, as the
service writes members in code-point order, [S:member-order]) and "ZzUnknownMember"
(sorts last); Content-Length and x-amz-crc32 are recomputed, everything else
(status, headers, number text, member order) is passed on as it came. Not
touched: the objects whose keys are the caller's data, not the service's
members (item attribute maps Item, Items[], LastEvaluatedKey, Attributes,
ItemCollectionKey and what they hold, and the index-name maps of
ConsumedCapacity): AWS adds members to its shapes, never attributes to an item.
Used by forward_compat.sh (issue 11 item 3: a member the spec does not know is
a note, never a failure, at every depth).
"""
import http.client
import http.server
import json
import socketserver
import sys
import urllib.parse
import zlib

INJECT_FIRST = ('AaaNew', {'Added': [1.7e9, 'x'], 'Nested': {'Deep': True}})
INJECT_LAST = ('ZzUnknownMember', 'forward-compatible')
DATA_MAPS = {'Item', 'Items', 'LastEvaluatedKey', 'Attributes', 'ItemCollectionKey'}
HOP = {'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-amz-crc32', 'proxy-connection'}


class Raw(str):
    """A number as the upstream wrote it (1.516149542009E9 stays that text)."""


def emit(v, out):
    if isinstance(v, Raw):
        out.append(str(v))
    elif isinstance(v, Obj):
        out.append('{')
        for i, (k, x) in enumerate(v.pairs):
            out.append((',' if i else '') + json.dumps(k, ensure_ascii=False) + ':')
            emit(x, out)
        out.append('}')
    elif isinstance(v, list):
        out.append('[')
        for i, x in enumerate(v):
            if i:
                out.append(',')
            emit(x, out)
        out.append(']')
    else:
        out.append(json.dumps(v, ensure_ascii=False))


class Obj:
    def __init__(self, pairs):
        self.pairs = pairs


def fresh(v):
    """The injected value as parsed objects (emitted in the order written)."""
    if isinstance(v, dict):
        return Obj([(k, fresh(x)) for k, x in v.items()])
    if isinstance(v, list):
        return [fresh(x) for x in v]
    if isinstance(v, float):
        return Raw(repr(v))
    return v


def inject(v, parent=None, grand=None):
    """Adds the two members to every service object below v; counts them."""
    n = 0
    if isinstance(v, list):
        for x in v:
            n += inject(x, parent, grand)
    elif isinstance(v, Obj):
        index_map = grand == 'ConsumedCapacity' and parent in ('GlobalSecondaryIndexes', 'LocalSecondaryIndexes')
        for k, x in v.pairs:
            if k in DATA_MAPS:
                continue
            n += inject(x, k, parent)
        if not index_map:
            v.pairs = [(INJECT_FIRST[0], fresh(INJECT_FIRST[1]))] + v.pairs + [(INJECT_LAST[0], INJECT_LAST[1])]
            n += 1
    return n


def rewrite(body):
    try:
        doc = json.loads(body.decode('utf-8'), object_pairs_hook=Obj, parse_float=Raw, parse_int=Raw,
                         parse_constant=Raw)
    except (ValueError, UnicodeDecodeError):
        return body, 0
    n = inject(doc)
    out = []
    emit(doc, out)
    return ''.join(out).encode('utf-8'), n


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    upstream = None
    counts = {'responses': 0, 'objects': 0}

    def log_message(self, *args):
        pass

    def _forward(self):
        length = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(length) if length else b''
        headers = [(k, v) for k, v in self.headers.items() if k.lower() not in HOP]
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=60)
        try:
            conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
            for k, v in headers:
                conn.putheader(k, v)
            conn.putheader('Content-Length', str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            data = resp.read()
            rheaders = resp.getheaders()
            status, reason = resp.status, resp.reason
        finally:
            conn.close()
        if data[:1] == b'{':
            data, n = rewrite(data)
            Handler.counts['objects'] += n
            Handler.counts['responses'] += 1 if n else 0
        self.send_response_only(status, reason)
        for k, v in rheaders:
            if k.lower() not in HOP:
                self.send_header(k, v)
        if any(k.lower() == 'x-amz-crc32' for k, _ in rheaders):
            self.send_header('x-amz-crc32', str(zlib.crc32(data) & 0xffffffff))
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _forward


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    port, upstream = int(sys.argv[1]), sys.argv[2]
    Handler.upstream = urllib.parse.urlsplit(upstream)
    srv = Server(('127.0.0.1', port), Handler)
    if len(sys.argv) > 3:
        with open(sys.argv[3], 'w') as f:
            f.write('%d\n' % srv.server_address[1])
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        sys.stderr.write('inject_members: %d responses rewritten, %d objects given 2 unknown members\n'
                         % (Handler.counts['responses'], Handler.counts['objects']))


def _stop(*_):
    raise KeyboardInterrupt


if __name__ == '__main__':
    import signal
    signal.signal(signal.SIGTERM, _stop)
    main()
