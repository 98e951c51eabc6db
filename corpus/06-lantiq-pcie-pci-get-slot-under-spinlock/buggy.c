// SPDX-License-Identifier: MIT
// RUN: %verify %s
// RUN: %verify %debug_config %s
/*
 * rcuctx corpus #6: a PCIe config-space read, done with the host bridge's
 * spinlock held and IRQs off, looks up a device with pci_get_slot(), which
 * takes the PCI bus rw_semaphore.
 *
 * Distilled from OpenWrt pull request #13639 "lantiq: Fix an sleeping
 * function called from invalid context" (lantiq xRX200 PCIe driver, 5.15):
 * ifx_pcie_read_config() holds ifx_pcie_lock and calls
 * ifx_pcie_bus_enum_hack(), which calls pci_get_slot(); with
 * CONFIG_DEBUG_ATOMIC_SLEEP this hit "BUG: sleeping function called from
 * invalid context at kernel/locking/rwsem.c".
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>

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
/* In the kernel, pci_bus_sem and pci_get_slot() live in drivers/pci/. */
static struct rw_semaphore pci_bus_sem;

u32 ifx_pcie_cfg_rd(struct pci_bus *bus, unsigned int devfn, int where);
void pci_dev_get(struct pci_dev *dev);

static struct pci_dev *pci_get_slot(struct pci_bus *bus, unsigned int devfn)
{
	struct pci_dev *dev;

	down_read(&pci_bus_sem);
	for (dev = bus->devices; dev; dev = dev->next) {
		if (dev->devfn == devfn) {
			pci_dev_get(dev);
			break;
		}
	}
	up_read(&pci_bus_sem);
	return dev;
}

/* Fakes a type-1 header for the root port so the core enumerates behind it. */
static u32 ifx_pcie_bus_enum_hack(struct pci_bus *bus, unsigned int devfn,
				  int where, u32 value)
{
	struct pci_dev *pdev = pci_get_slot(bus, devfn);

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
	data = ifx_pcie_bus_enum_hack(bus, devfn, where & ~3, data); // expected-warning {{'ifx_pcie_bus_enum_hack' may sleep, but spinning lock 'ifx_pcie_lock' is held here}}
	spin_unlock_irqrestore(&ifx_pcie_lock, flags);

	*value = data >> ((where & 3) * 8);
	return 0;
}

struct pci_ops ifx_pcie_ops = {
	.read = ifx_pcie_read_config,
};
