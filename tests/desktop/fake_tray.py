#!/usr/bin/env python3
"""A desktop's tray for the tests: org.kde.StatusNotifierWatcher on the session bus, with a
host registered, so an app's tray icon (libayatana-appindicator, as Tauri's tray uses on Linux)
registers its StatusNotifierItem here instead of drawing into a panel. Prints "ready" once it
owns the name.

Test hook: org.kde.StatusNotifierWatcher.Test.Describe() -> s returns, as JSON, every
registered item's properties (Title, Status, IconName, XAyatanaLabel = the text beside the
icon, …) and its menu as the app exports it over com.canonical.dbusmenu: a tree of
{id, label, enabled, visible, type, children}. Test.Click(s item, i id) clicks a menu entry
(dbusmenu Event "clicked").
Usage: /usr/bin/python3 fake_tray.py (with DBUS_SESSION_BUS_ADDRESS of the test's bus)."""
import json
import time

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

WATCHER = "org.kde.StatusNotifierWatcher"
PATH = "/StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"


def plain(v):
    if isinstance(v, (dbus.Boolean,)):
        return bool(v)
    if isinstance(v, (dbus.Int32, dbus.UInt32, dbus.Int64, dbus.UInt64, dbus.Int16, dbus.UInt16, dbus.Byte)):
        return int(v)
    if isinstance(v, (dbus.String, dbus.ObjectPath, dbus.Signature)):
        return str(v)
    if isinstance(v, (dbus.Array, list, tuple, dbus.Struct)):
        return [plain(x) for x in v]
    if isinstance(v, (dbus.Dictionary, dict)):
        return {str(k): plain(x) for k, x in v.items()}
    return v


def menu_tree(node):
    mid, props, children = node
    props = plain(props)
    return {
        "id": int(mid),
        "label": props.get("label", ""),
        "enabled": props.get("enabled", True),
        "visible": props.get("visible", True),
        "type": props.get("type", "standard"),
        "children": [menu_tree(c) for c in children],
    }


class Watcher(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.bus = bus
        self.items = []  # (bus name, object path)

    @dbus.service.method(WATCHER, in_signature="s", sender_keyword="sender")
    def RegisterStatusNotifierItem(self, service, sender=None):
        path = service if service.startswith("/") else "/StatusNotifierItem"
        name = sender if service.startswith("/") else service
        self.items = [i for i in self.items if i != (name, path)] + [(name, path)]
        self.StatusNotifierItemRegistered(f"{name}{path}")

    @dbus.service.method(WATCHER, in_signature="s")
    def RegisterStatusNotifierHost(self, service):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemRegistered(self, item):
        pass

    @dbus.service.signal(WATCHER, signature="s")
    def StatusNotifierItemUnregistered(self, item):
        pass

    @dbus.service.signal(WATCHER, signature="")
    def StatusNotifierHostRegistered(self):
        pass

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="ss", out_signature="v")
    def Get(self, iface, prop):
        return self.GetAll(iface)[prop]

    @dbus.service.method(dbus.PROPERTIES_IFACE, in_signature="s", out_signature="a{sv}")
    def GetAll(self, iface):
        return {
            "RegisteredStatusNotifierItems": dbus.Array([f"{n}{p}" for n, p in self.items], signature="s"),
            "IsStatusNotifierHostRegistered": dbus.Boolean(True),
            "ProtocolVersion": dbus.Int32(0),
        }

    @dbus.service.method(WATCHER + ".Test", out_signature="s")
    def Describe(self):
        out = []
        for name, path in self.items:
            try:
                obj = self.bus.get_object(name, path)
                props = plain(obj.GetAll(ITEM, dbus_interface=dbus.PROPERTIES_IFACE))
                for big in ("IconPixmap", "AttentionIconPixmap", "OverlayIconPixmap", "ToolTip"):
                    props.pop(big, None)
                menu = None
                if props.get("Menu"):
                    m = self.bus.get_object(name, props["Menu"])
                    _, layout = m.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface=MENU)
                    menu = menu_tree(layout)
                out.append({"name": name, "path": path, "properties": props, "menu": menu})
            except dbus.DBusException as e:
                out.append({"name": name, "path": path, "error": str(e)})
        return json.dumps(out)

    @dbus.service.method(WATCHER + ".Test", in_signature="si")
    def Click(self, item, mid):
        name, path = next((n, p) for n, p in self.items if f"{n}{p}" == item)
        obj = self.bus.get_object(name, path)
        menu = obj.Get(ITEM, "Menu", dbus_interface=dbus.PROPERTIES_IFACE)
        m = self.bus.get_object(name, menu)
        m.Event(dbus.Int32(mid), "clicked", dbus.String("", variant_level=1), dbus.UInt32(int(time.time())), dbus_interface=MENU)


DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
watcher = Watcher(bus)
name = dbus.service.BusName(WATCHER, bus, do_not_queue=True)
print("ready", flush=True)
GLib.MainLoop().run()
