import PolicyModel
import Testing

/// The named window slots of the flat per-window arrays (Window+Slot.swift): the order of `Window.allCases`,
/// four to a group.
struct WindowSlotTests {
    @Test func slotsFollowTheOrderOfAllCases() {
        #expect(Window.slotCount == Window.allCases.count)
        #expect(Window.allCases.map(\.slot) == Array(0..<Window.slotCount))
        for window in Window.allCases { #expect(Window(slot: window.slot) == window) }
    }

    @Test func aGroupHoldsOneSlotPerWindow() {
        #expect(Window.firstSlot(ofGroup: 0) == 0)
        #expect(Window.firstSlot(ofGroup: 5) == 20)
        #expect(Window.slot(.minute, inGroup: 5) == 20)
        #expect(Window.slot(.day, inGroup: 5) == 22)
        #expect(Window.slot(.month, inGroup: 5) == 23)
        let slots = (0..<3).flatMap { group in Window.allCases.map { Window.slot($0, inGroup: group) } }
        #expect(slots == Array(0..<12))
    }
}
