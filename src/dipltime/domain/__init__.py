"""The domain: dates as historians write them, the plain records, and the timeline core
(ordering, anniversaries, milestones, filters). Pure: nothing here reads files, prints or
asks the clock, and nothing here imports the layers above (store, outputs, front ends)."""
