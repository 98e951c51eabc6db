// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #6, fixed: as in OpenWrt #13639, the driver gets its own
 * slot lookup that does not take pci_bus_sem (the driver's probe-time
 * serialisation is enough), so nothing under ifx_pcie_lock can sleep.
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

// expected-no-diagnostics

struct pci_dev {
	struct pci_dev *next;
	unsigned int devfn;
	unsigned char hdr_type;
};

struct pci_bus {
	struct pci_dev *devices;
	unsigned char number;
};

struct pci_ops {
	int (*read)(struct pci_bus *bus, unsigned int devfn, int where, int size, u32 *val);
};

static spinlock_t ifx_pcie_lock;

u32 ifx_pcie_cfg_rd(struct pci_bus *bus, unsigned int devfn, int where);
void pci_dev_get(struct pci_dev *dev);

static struct pci_dev *ifx_pci_get_slot(struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *dev;

	for (dev = bus->devices; dev; dev = dev->next) {
		if (dev->devfn == devfn) {
			pci_dev_get(dev);
			break;
		}
	}
	return dev;
}

static u32 ifx_pcie_bus_enum_hack(struct pci_bus *bus, unsigned int devfn,
				  int where, u32 value)
{
	struct pci_dev *pdev = ifx_pci_get_slot(bus, devfn);

	if (!pdev || where != 0x0c)
		return value;
	if (pdev->hdr_type == 1)
		value |= 0x00010000;
	return value;
}

static int ifx_pcie_read_config(struct pci_bus *bus, unsigned int devfn,
				int where, int size, u32 *value)
{
	unsigned long flags;
	u32 data;

	spin_lock_irqsave(&ifx_pcie_lock, flags);
	data = ifx_pcie_cfg_rd(bus, devfn, where & ~3);
	data = ifx_pcie_bus_enum_hack(bus, devfn, where & ~3, data);
	spin_unlock_irqrestore(&ifx_pcie_lock, flags);

	*value = data >> ((where & 3) * 8);
	return 0;
}

struct pci_ops ifx_pcie_ops = {
	.read = ifx_pcie_read_config,
};
