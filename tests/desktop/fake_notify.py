#!/usr/bin/env python3
"""A desktop's notification server for the tests: org.freedesktop.Notifications on the session
bus that records each Notify call as a JSON line (summary, body, actions, hints) instead of
showing it. Prints "ready" once it owns the name.
Usage: /usr/bin/python3 fake_notify.py RECORD_FILE (with DBUS_SESSION_BUS_ADDRESS of the test's
own bus). Test hooks: org.freedesktop.Notifications.Test.Invoke(u id, s action) presses a button
(emits ActionInvoked); Test.Close(u id) dismisses it (NotificationClosed, reason 2)."""
import json, sys
import dbus, dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

IFACE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"

class Server(dbus.service.Object):
    def __init__(self, bus, record):
        super().__init__(bus, PATH)
        self.record, self.next_id = record, 1
        self.inhibited = False

    @dbus.service.method(IFACE, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        nid = int(replaces_id) or self.next_id
        if not replaces_id:
            self.next_id += 1
        acts = [str(a) for a in actions]
        entry = {"id": nid, "app_name": str(app_name), "replaces_id": int(replaces_id),
                 "icon": str(icon), "summary": str(summary), "body": str(body),
                 "actions": dict(zip(acts[0::2], acts[1::2])),
                 "hints": {str(k): (v if isinstance(v, (bool, int, float)) else str(v))
                           for k, v in hints.items() if k not in ("image-data", "icon_data")},
                 "timeout": int(timeout)}
        with open(self.record, "a") as f:
            f.write(json.dumps(entry) + "\n")
        return dbus.UInt32(nid)

    @dbus.service.method(IFACE, in_signature="u")
    def CloseNotification(self, nid):
        self.NotificationClosed(nid, dbus.UInt32(3))

    @dbus.service.method(IFACE, out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body", "body-markup", "persistence"]

    @dbus.service.method(IFACE, out_signature="ssss")
    def GetServerInformation(self):
        return ("fake", "test", "1.0", "1.2")

    @dbus.service.signal(IFACE, signature="us")
    def ActionInvoked(self, nid, action): pass

    @dbus.service.signal(IFACE, signature="uu")
    def NotificationClosed(self, nid, reason): pass

    # test hooks
    @dbus.service.method(IFACE + ".Test", in_signature="us")
    def Invoke(self, nid, action):
        self.ActionInvoked(nid, action)

    @dbus.service.method(IFACE + ".Test", in_signature="u")
    def Close(self, nid):
        self.NotificationClosed(nid, dbus.UInt32(2))

DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
server = Server(bus, sys.argv[1])
# Ask for the name only after the object is exported; clients wait for it (see below).
name = dbus.service.BusName(IFACE, bus, do_not_queue=True)
print("ready", flush=True)
GLib.MainLoop().run()
